import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs-core";
import { writeNpy } from "../data/encode-npy.js";
import { parseNpy } from "../data/parse-npy.js";
import { uint8ToUnit } from "../data/uint8-to-unit.js";
import { selectBackend } from "../engine/backend/select-backend.js";
import { createKernels } from "../engine/create-kernels.js";
import { OnnxExecutor } from "../engine/executor/onnx-executor.js";
import { modelInputShape } from "./model-input-shape.js";
import type { NormctlExecArgs } from "./normctl-exec-args.js";

const INTEGER_DTYPES = new Set(["i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8"]);

function readFile(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
}

/** The input batch as float32: float32 as is, uint8 scaled by 1/255 (the datasets' convention). */
function readInput(path: string): { data: Float32Array; shape: readonly number[] } {
  const npy = parseNpy(readFile(path, "input"), path);
  if (npy.dtype === "f4") return { data: npy.data as Float32Array, shape: npy.shape };
  if (npy.dtype === "u1") return { data: uint8ToUnit(npy.data as Uint8Array), shape: npy.shape };
  throw new Error(
    `${path}: dtype ${npy.dtype} is not supported; exec takes float32 (f4) or uint8 (u1, scaled by 1/255)`,
  );
}

function readLabels(path: string, count: number): Int32Array {
  const npy = parseNpy(readFile(path, "labels"), path);
  if (!INTEGER_DTYPES.has(npy.dtype))
    throw new Error(`${path}: labels must be integers, got dtype ${npy.dtype}`);
  if (npy.shape.length !== 1 || npy.shape[0] !== count)
    throw new Error(
      `${path}: labels must have shape [${count}] (one per input), got [${npy.shape.join(", ")}]`,
    );
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = Number(npy.data[i]);
  return out;
}

function checkShape(
  path: string,
  shape: readonly number[],
  expected: readonly (number | string)[],
  name: string,
): void {
  const text = `[${expected.join(", ")}]`;
  const fits =
    shape.length === expected.length &&
    expected.every((d, k) => typeof d === "string" || (k === 0 && d <= 0) || d === shape[k]);
  if (!fits)
    throw new Error(
      `${path}: input shape [${shape.join(", ")}] does not fit the model's input '${name}' ${text} (batch first)`,
    );
}

/**
 * `normctl exec`: runs the model locally in eval mode on an NPY batch, writes the logits and,
 * with labels, prints the mean cross-entropy and accuracy and can write the gradient of the mean
 * softmax cross-entropy with respect to the (float, scaled) input.
 */
export async function runExec(args: NormctlExecArgs): Promise<void> {
  const modelBytes = readFile(args.model, "model");
  const input = readInput(args.input);
  const model = modelInputShape(modelBytes);
  checkShape(args.input, input.shape, model.shape, model.name);
  const n = input.shape[0];
  const labels = args.labels === undefined ? undefined : readLabels(args.labels, n);
  const backend = await selectBackend({ backend: args.backend });
  const exe = OnnxExecutor.create(modelBytes, { tf, kernels: createKernels() });
  const perExample = input.data.length / Math.max(n, 1);
  const outputs: Float32Array[] = [];
  const grad = args.inputGrad === undefined ? undefined : new Float32Array(input.data.length);
  let outShape: number[] = [n];
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < n; start += args.batchSize) {
    const end = Math.min(n, start + args.batchSize);
    const shape = [end - start, ...input.shape.slice(1)];
    const x = tf.tensor(input.data.subarray(start * perExample, end * perExample), shape, "float32");
    try {
      if (!labels) {
        const y = exe.forward(x, "eval");
        outShape = [n, ...y.shape.slice(1)];
        outputs.push((await y.data()) as Float32Array);
        y.dispose();
        continue;
      }
      const recording = exe.record(x, "eval");
      try {
        const logits = recording.output;
        outShape = [n, ...logits.shape.slice(1)];
        const classes = logits.shape[1] ?? 0;
        if (logits.rank !== 2)
          throw new Error(`--labels needs [N, classes] logits, the model gives [${logits.shape}]`);
        const batchLabels = labels.subarray(start, end);
        const bad = batchLabels.find((l) => l < 0 || l >= classes);
        if (bad !== undefined) throw new Error(`${args.labels}: label ${bad} is outside [0, ${classes})`);
        const labelTensor = tf.tensor1d(batchLabels, "int32");
        const { loss, dLogits } = exe.kernels.softmaxCrossEntropy(logits, labelTensor);
        const values = (await logits.data()) as Float32Array;
        outputs.push(values.slice());
        for (const v of await loss.data()) lossSum += v;
        for (let i = 0; i < end - start; i++) {
          const row = values.subarray(i * classes, (i + 1) * classes);
          if (row.indexOf(Math.max(...row)) === batchLabels[i]) correct++;
        }
        if (grad) {
          const dMean = tf.div(dLogits, n);
          const g = recording.backward(dMean, { input: true });
          grad.set((await (g.input as tf.Tensor).data()) as Float32Array, start * perExample);
          tf.dispose([dMean, g.input as tf.Tensor]);
        }
        tf.dispose([labelTensor, loss, dLogits]);
      } finally {
        recording.dispose();
      }
    } finally {
      x.dispose();
    }
  }
  const flat = new Float32Array(outputs.reduce((a, o) => a + o.length, 0));
  let offset = 0;
  for (const o of outputs) {
    flat.set(o, offset);
    offset += o.length;
  }
  await writeNpy(args.out, flat, outShape);
  if (grad && args.inputGrad) await writeNpy(args.inputGrad, grad, input.shape);
  exe.dispose();
  const where = `${backend.name} (${backend.device})`;
  process.stdout.write(`exec: ${n} examples on ${where} → ${args.out} [${outShape.join(", ")}]\n`);
  if (labels)
    process.stdout.write(
      `exec: mean cross-entropy ${(lossSum / n).toFixed(6)}, accuracy ${(correct / n).toFixed(4)}${grad ? `; input gradient → ${args.inputGrad}` : ""}\n`,
    );
}
