import { SeededRandom } from "./seeded-random.js";

/** Stream ids keep the shuffle and the augmentation draws independent of each other. @internal */
export const SHUFFLE_STREAM = 1;
/** @internal */
export const AUGMENT_STREAM = 2;

/**
 * The visiting order of `n` examples in one epoch: `0..n-1`, or a Fisher–Yates permutation drawn
 * from (seed, epoch) when `shuffle` is set. Same seed and epoch → same order on every run.
 */
export function epochOrder(n: number, shuffle: boolean, seed: number, epoch: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (!shuffle) return order;
  const rng = new SeededRandom(seed, epoch, SHUFFLE_STREAM);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
