/** Deterministic uniform [0, 1) generator (mulberry32), for test weights. @internal */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Deterministic uniform numbers in [−1, 1) (mulberry32) for spectral tests and benches.
 * @internal
 */
export function seededUniform(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() * 2 - 1;
}

/** `n` seeded uniform values in [−1, 1). @internal */
export function seededArray(n: number, seed: number): Float64Array {
  const rand = seededUniform(seed);
  return Float64Array.from({ length: n }, rand);
}
