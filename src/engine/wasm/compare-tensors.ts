import type * as tf from "@tensorflow/tfjs-core";

/**
 * Largest |a − b| over the tensors, relative to the largest |b| (floor 1e-6); shapes must match.
 * @internal
 */
export function maxRelativeDiff(a: readonly tf.Tensor[], b: readonly tf.Tensor[]): number {
  if (a.length !== b.length)
    throw new Error(`maxRelativeDiff: expected ${b.length} tensors, got ${a.length}`);
  let worst = 0;
  a.forEach((t, i) => {
    if (t.shape.join() !== b[i].shape.join()) {
      throw new Error(`maxRelativeDiff: tensor ${i} has shape [${t.shape}], expected [${b[i].shape}]`);
    }
    const x = t.dataSync();
    const y = b[i].dataSync();
    let diff = 0;
    let scale = 1e-6;
    for (let j = 0; j < y.length; j++) {
      diff = Math.max(diff, Math.abs(x[j] - y[j]));
      scale = Math.max(scale, Math.abs(y[j]));
    }
    worst = Math.max(worst, diff / scale);
  });
  return worst;
}
