import { open, readdir, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { invalidArgument } from "../errors/normserve-error.js";
import type { DatasetSplit } from "./dataset-split.js";
import type { ImageDataset } from "./image-dataset.js";
import { isNpy } from "./npy-header.js";
import { readCifar10Dataset } from "./read-cifar10-dataset.js";
import { readIdxDataset } from "./read-idx-dataset.js";
import { readNpyDataset } from "./read-npy-dataset.js";

/** On-disk dataset formats; "auto" detects by file names and magic bytes. */
export type DatasetFormat = "idx" | "cifar10" | "npy" | "auto";

/** Options of {@link loadDataset}. */
export interface LoadDatasetOptions {
  readonly format?: DatasetFormat;
  /** Which split a directory yields; default "train". Ignored for a single file. */
  readonly split?: DatasetSplit;
  /** Class count: labels outside [0, classes) are rejected. CIFAR-10 defaults to 10. */
  readonly classes?: number;
}

const IDX_PREFIX: Record<DatasetSplit, readonly string[]> = { train: ["train"], test: ["t10k", "test"] };

/**
 * Loads a server-side dataset path. A directory may hold `images.npy` + `labels.npy` (or
 * `<split>/images.npy`…), CIFAR-10 `data_batch_N.bin` / `test_batch.bin`, or MNIST-style
 * `train-images-idx3-ubyte[.gz]` / `t10k-…` pairs. A file may be an idx3 image file (its labels
 * file is found by name: `images-idx3` → `labels-idx1`), an images NPY (`images` → `labels`) or a
 * CIFAR-10 batch.
 */
export async function loadDataset(path: string, options: LoadDatasetOptions = {}): Promise<ImageDataset> {
  const { format = "auto", split = "train", classes } = options;
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw invalidArgument(`${path}: dataset path does not exist`);
  }
  if (info.isDirectory()) return loadDirectory(path, format, split, classes);
  const detected = format === "auto" ? await detectFileFormat(path) : format;
  switch (detected) {
    case "cifar10":
      return readCifar10Dataset(path, split);
    case "idx":
      return readIdxDataset(
        path,
        await sibling(path, [/images-idx3/, /images/], ["labels-idx1", "labels"]),
        classes,
      );
    case "npy":
      return readNpyDataset(path, await sibling(path, [/images/], ["labels"]), classes);
  }
}

async function loadDirectory(
  dir: string,
  format: DatasetFormat,
  split: DatasetSplit,
  classes: number | undefined,
): Promise<ImageDataset> {
  const names = new Set(await readdir(dir));
  const npyDir = names.has("images.npy") ? dir : names.has(split) ? join(dir, split) : undefined;
  if ((format === "auto" || format === "npy") && npyDir !== undefined) {
    const inner = npyDir === dir ? names : new Set(await readdir(npyDir).catch(() => []));
    if (inner.has("images.npy") && inner.has("labels.npy")) {
      return readNpyDataset(join(npyDir, "images.npy"), join(npyDir, "labels.npy"), classes);
    }
  }
  const hasCifar = [...names].some((n) => /^(data_batch_\d+|test_batch)\.bin$/.test(n));
  if ((format === "auto" || format === "cifar10") && hasCifar) return readCifar10Dataset(dir, split);
  if (format === "auto" || format === "idx") {
    for (const prefix of IDX_PREFIX[split]) {
      const images = [...names].find((n) => new RegExp(`^${prefix}-images[-.]idx3-ubyte(\\.gz)?$`).test(n));
      const labels = [...names].find((n) => new RegExp(`^${prefix}-labels[-.]idx1-ubyte(\\.gz)?$`).test(n));
      if (images && labels) return readIdxDataset(join(dir, images), join(dir, labels), classes);
    }
  }
  const wanted = {
    auto: "images.npy + labels.npy, CIFAR-10 *.bin batches, or <train|t10k>-images-idx3-ubyte[.gz] + labels",
    npy: "images.npy + labels.npy",
    cifar10: "data_batch_N.bin / test_batch.bin",
    idx: `${IDX_PREFIX[split].join("|")}-images-idx3-ubyte[.gz] + ${IDX_PREFIX[split][0]}-labels-idx1-ubyte[.gz]`,
  }[format];
  throw invalidArgument(`${dir}: no ${split} dataset found; expected ${wanted}`);
}

/** Detects a single file's format from its first bytes (inflating a gzip prefix) and size. */
async function detectFileFormat(path: string): Promise<Exclude<DatasetFormat, "auto">> {
  let head = await readHead(path, 64);
  if (head[0] === 0x1f && head[1] === 0x8b) {
    head = await readHead(path, 4096).then((b) => gunzipPrefix(b));
  }
  if (isNpy(head)) return "npy";
  if (head.length >= 4 && head[0] === 0 && head[1] === 0 && head[2] === 0x08 && head[3] === 3) return "idx";
  const { size } = await stat(path);
  if (/\.bin$/.test(path) && size % 3073 === 0 && size > 0) return "cifar10";
  throw invalidArgument(
    `${path}: unknown dataset format: expected an NPY file, an idx3 image file or a CIFAR-10 .bin batch (or pass the format)`,
  );
}

async function readHead(path: string, bytes: number): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const buf = new Uint8Array(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function gunzipPrefix(bytes: Uint8Array): Uint8Array {
  try {
    // A truncated stream is expected here: we only need the first inflated bytes.
    return gunzipSync(bytes, { finishFlush: 2 /* Z_SYNC_FLUSH */ });
  } catch {
    return new Uint8Array(0);
  }
}

/** Finds the labels file next to an images file by rewriting the first matching name part. */
async function sibling(
  path: string,
  patterns: readonly RegExp[],
  replacements: readonly string[],
): Promise<string> {
  const name = basename(path);
  for (let i = 0; i < patterns.length; i++) {
    if (!patterns[i].test(name)) continue;
    const candidate = join(dirname(path), name.replace(patterns[i], replacements[i]));
    const alternatives = [candidate, candidate.replace(/\.gz$/, ""), `${candidate.replace(/\.gz$/, "")}.gz`];
    for (const alt of alternatives) {
      if (
        await stat(alt).then(
          (s) => s.isFile(),
          () => false,
        )
      )
        return alt;
    }
  }
  throw invalidArgument(
    `${path}: cannot find the labels file next to this images file; expected a name with '${replacements.join("' or '")}' in place of '${patterns.map((p) => p.source).join("' or '")}', or pass the directory`,
  );
}
