import { crossEntropyLoss } from "./attack-losses.js";
import type { ModelOracle } from "./model-oracle.js";

/** What the gradient-masking checks found on the clean points. */
export interface MaskingReport {
  readonly flags: string[];
}

/**
 * AutoAttack's `checks.py` on the clean points, batched: a randomised model (two forward passes of
 * the first batch differ), outputs that look like probabilities (every row in [0, 1] and summing to
 * 1 within 1e-5), and points whose cross-entropy input gradient is exactly zero.
 */
export function maskingChecks(
  oracle: ModelOracle,
  images: Float32Array,
  labels: Int32Array,
  batchSize: number,
  signal: AbortSignal,
): MaskingReport {
  const flags: string[] = [];
  const n = labels.length;
  const size = images.length / n;
  const first = Math.min(batchSize, n);
  const a = oracle.logits(images.subarray(0, first * size), first);
  const b = oracle.logits(images.subarray(0, first * size), first);
  let diff = 0;
  let scale = 0;
  for (let j = 0; j < a.length; j++) {
    diff = Math.max(diff, Math.abs(a[j] - b[j]));
    scale = Math.max(scale, Math.abs(a[j]));
  }
  if (diff > 1e-6 * (1 + scale))
    flags.push(
      `randomized-model: two forward passes on the same points differ by up to ${diff.toExponential(2)}; use EOT attacks`,
    );
  const c = oracle.classes;
  let probabilities = true;
  for (let i = 0; i < first && probabilities; i++) {
    let s = 0;
    for (let k = 0; k < c; k++) {
      const v = a[i * c + k];
      if (v < 0 || v > 1) probabilities = false;
      s += v;
    }
    if (Math.abs(s - 1) > 1e-5) probabilities = false;
  }
  if (probabilities)
    flags.push(
      "probability-outputs: the outputs are in [0, 1] and sum to 1; attacks expect logits (remove the softmax)",
    );
  let zero = 0;
  for (let start = 0; start < n; start += batchSize) {
    signal.throwIfAborted();
    const end = Math.min(n, start + batchSize);
    const { grad } = oracle.lossGradient(
      images.subarray(start * size, end * size),
      labels.subarray(start, end),
      crossEntropyLoss,
    );
    for (let i = 0; i < end - start; i++) {
      let allZero = true;
      for (let j = i * size; j < (i + 1) * size && allZero; j++) if (grad[j] !== 0) allZero = false;
      if (allZero) zero++;
    }
  }
  if (zero > 0)
    flags.push(`zero-gradients: ${zero} of ${n} points have an all-zero input gradient of the cross-entropy`);
  return { flags };
}
