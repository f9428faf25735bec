import { mulberry32 } from "../../../math/mulberry32.js";

/**
 * `count` seeded values uniform in [lo, hi) (float32).
 * @internal
 */
export function seededFloats(seed: number, count: number, lo = -1, hi = 1): Float32Array {
  const r = mulberry32(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = lo + (hi - lo) * r();
  return out;
}
