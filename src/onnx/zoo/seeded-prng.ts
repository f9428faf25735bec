/**
 * A seeded PRNG returning floats in [0, 1): mulberry32 (32-bit state, integer arithmetic only), so
 * the same seed gives the same weights on every platform. Written here rather than imported from
 * test helpers because production code must not depend on `testing/`.
 * @internal
 */
export function seededPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
