import { mulberry32 } from "../../math/mulberry32.js";

/**
 * mulberry32: a tiny seeded PRNG returning floats in [0, 1). Deterministic across platforms.
 * @internal
 */
export const seededRandom = mulberry32;

/** `n` seeded floats uniform in `[lo, hi)`. @internal */
export function seededFloats(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const next = seededRandom(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * next();
  return out;
}
