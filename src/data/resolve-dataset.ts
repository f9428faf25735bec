import { invalidArgument } from "../errors/normserve-error.js";
import {
  type Dataset,
  DatasetFormat,
  DatasetSplit,
  type TensorDataset,
} from "../gen/normserve/v1/dataset.js";
import { DataType } from "../gen/normserve/v1/tensor.js";
import { checkLabels, createImageDataset, type ImageDataset } from "./image-dataset.js";
import { loadDataset } from "./load-dataset.js";
import { syntheticDataset } from "./synthetic-dataset.js";
import { uint8ToUnit } from "./uint8-to-unit.js";

/** What the model expects of a dataset. */
export interface DatasetExpectation {
  /** C, H, W of the model input. */
  readonly imageShape: readonly [number, number, number];
  /** The model's class count (its output width). */
  readonly classes: number;
}

const FORMAT: Record<number, "idx" | "cifar10" | "npy" | "auto"> = {
  [DatasetFormat.DATASET_FORMAT_UNSPECIFIED]: "auto",
  [DatasetFormat.DATASET_FORMAT_IDX]: "idx",
  [DatasetFormat.DATASET_FORMAT_CIFAR10]: "cifar10",
  [DatasetFormat.DATASET_FORMAT_NPY]: "npy",
};

function labelsOf(field: string, t: TensorDataset["labels"]): Int32Array {
  if (t === undefined) throw invalidArgument(`${field}.labels: tensor is required`);
  if (t.shape.length !== 1)
    throw invalidArgument(`${field}.labels: shape must be [N], got [${t.shape.join(", ")}]`);
  const n = t.shape[0];
  const bytes = t.data;
  if (t.dtype === DataType.DATA_TYPE_INT32) {
    if (bytes.byteLength !== n * 4)
      throw invalidArgument(
        `${field}.labels: ${bytes.byteLength} bytes, shape [${n}] of INT32 needs ${n * 4}`,
      );
    return new Int32Array(Uint8Array.prototype.slice.call(bytes).buffer);
  }
  if (t.dtype === DataType.DATA_TYPE_INT64) {
    if (bytes.byteLength !== n * 8)
      throw invalidArgument(
        `${field}.labels: ${bytes.byteLength} bytes, shape [${n}] of INT64 needs ${n * 8}`,
      );
    const wide = new BigInt64Array(Uint8Array.prototype.slice.call(bytes).buffer);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = wide[i];
      if (v < 0n || v > 2n ** 31n - 1n)
        throw invalidArgument(`${field}.labels: label ${i} is ${v}; expected a class index`);
      out[i] = Number(v);
    }
    return out;
  }
  throw invalidArgument(
    `${field}.labels: dtype must be DATA_TYPE_INT32 or DATA_TYPE_INT64, got ${DataType[t.dtype] ?? t.dtype}`,
  );
}

function inline(field: string, t: TensorDataset, classes: number): ImageDataset {
  const images = t.images;
  if (images === undefined) throw invalidArgument(`${field}.images: tensor is required`);
  if (images.shape.length !== 4 || images.shape.some((d) => !Number.isSafeInteger(d) || d < 0))
    throw invalidArgument(`${field}.images: shape must be [N, C, H, W], got [${images.shape.join(", ")}]`);
  const [n, c, h, w] = images.shape;
  const count = n * c * h * w;
  let values: Float32Array;
  if (images.dtype === DataType.DATA_TYPE_FLOAT32) {
    if (images.data.byteLength !== count * 4)
      throw invalidArgument(
        `${field}.images: ${images.data.byteLength} bytes, shape [${images.shape.join(", ")}] of FLOAT32 needs ${count * 4}`,
      );
    // Uint8Array.prototype.slice copies; a Node Buffer's own slice() is a view of its (pooled) memory.
    values = new Float32Array(Uint8Array.prototype.slice.call(images.data).buffer);
  } else if (images.dtype === DataType.DATA_TYPE_UINT8) {
    if (images.data.byteLength !== count)
      throw invalidArgument(
        `${field}.images: ${images.data.byteLength} bytes, shape [${images.shape.join(", ")}] of UINT8 needs ${count}`,
      );
    values = uint8ToUnit(images.data);
  } else {
    throw invalidArgument(
      `${field}.images: dtype must be DATA_TYPE_FLOAT32 (in [0, 1]) or DATA_TYPE_UINT8, got ${DataType[images.dtype] ?? images.dtype}`,
    );
  }
  return createImageDataset(field, values, labelsOf(field, t.labels), [n, c, h, w], classes);
}

function limited(d: ImageDataset, limit: number): ImageDataset {
  const [n, c, h, w] = d.shape;
  if (limit === 0 || limit >= n) return d;
  const size = c * h * w;
  return {
    ...d,
    images: d.images.subarray(0, limit * size),
    labels: d.labels.subarray(0, limit),
    shape: [limit, c, h, w],
  };
}

/**
 * A request's Dataset (Train's `train_data` / `test_data`, Evaluate's `data`) as an in-memory image
 * set, checked against the model: dtype, shape and byte length of inline wire tensors, emptiness,
 * labels in `[0, classes)`, and image shape equal to the model input's C×H×W. Server paths are
 * loaded here (before the job starts).
 * @throws NormserveError INVALID_ARGUMENT naming `field` (e.g. `train_data.tensors.images`, `data.path`).
 */
export async function resolveDataset(
  field: string,
  dataset: Dataset | undefined,
  expect: DatasetExpectation,
): Promise<ImageDataset> {
  const source = dataset?.source;
  if (dataset === undefined || source === undefined)
    throw invalidArgument(`${field}: one of tensors, path or synthetic is required`);
  if (!Number.isSafeInteger(dataset.limit) || dataset.limit < 0)
    throw invalidArgument(`${field}.limit: must be an integer ≥ 0, got ${dataset.limit}`);
  let data: ImageDataset;
  switch (source.$case) {
    case "tensors":
      data = inline(`${field}.tensors`, source.value, expect.classes);
      break;
    case "synthetic": {
      const s = source.value;
      const shape = s.imageShape.length === 0 ? expect.imageShape : s.imageShape;
      if (shape.length !== 3 || shape.some((d) => !Number.isSafeInteger(d) || d < 1))
        throw invalidArgument(`${field}.synthetic.image_shape: must be [C, H, W], got [${shape.join(", ")}]`);
      if (!Number.isSafeInteger(s.n) || s.n < 1)
        throw invalidArgument(`${field}.synthetic.n: must be ≥ 1, got ${s.n}`);
      const classes = s.classes === 0 ? expect.classes : s.classes;
      if (!Number.isSafeInteger(classes) || classes < 2 || classes > expect.classes)
        throw invalidArgument(
          `${field}.synthetic.classes: must be in [2, ${expect.classes}] (the model's classes), got ${classes}`,
        );
      if (!(Number.isFinite(s.noise) && s.noise >= 0))
        throw invalidArgument(`${field}.synthetic.noise: must be ≥ 0, got ${s.noise}`);
      data = syntheticDataset({
        n: s.n,
        imageShape: [shape[0], shape[1], shape[2]],
        classes,
        seed: s.seed,
        noise: s.noise === 0 ? undefined : s.noise,
      });
      break;
    }
    case "path":
      if (source.value === "") throw invalidArgument(`${field}.path: empty`);
      try {
        data = await loadDataset(source.value, {
          format: FORMAT[dataset.format] ?? "auto",
          split: dataset.split === DatasetSplit.DATASET_SPLIT_TEST ? "test" : "train",
        });
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        throw invalidArgument(`${field}.path: ${why}`, error);
      }
      // The loader already checked shapes and pixels; only the model's class count is new.
      checkLabels(`${field}.path`, data.labels, expect.classes);
      data = { ...data, classes: expect.classes };
      break;
    default:
      throw invalidArgument(`${field}: unknown source`);
  }
  const [, c, h, w] = data.shape;
  const [ec, eh, ew] = expect.imageShape;
  if (c !== ec || h !== eh || w !== ew)
    throw invalidArgument(`${field}: images are ${c}×${h}×${w}, the model's input is ${ec}×${eh}×${ew}`);
  return limited(data, dataset.limit);
}
