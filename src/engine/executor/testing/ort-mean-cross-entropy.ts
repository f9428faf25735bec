import { ortRun } from "./ort-run.js";

/**
 * Mean softmax cross-entropy of onnxruntime's logits for `input` against `labels`, summed in
 * float64 (so the finite differences see only the float32 noise of the forward pass).
 * @internal
 */
export async function ortMeanCrossEntropy(
  bytes: Uint8Array,
  input: Float32Array,
  shape: readonly number[],
  labels: readonly number[],
): Promise<number> {
  const { data, dims } = await ortRun(bytes, input, shape);
  const [n, classes] = dims;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const row = data.subarray(i * classes, (i + 1) * classes);
    const max = row.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
    let sum = 0;
    for (const v of row) sum += Math.exp(v - max);
    total += Math.log(sum) + max - row[labels[i]];
  }
  return total / n;
}
