import { mulberry32 } from "../mulberry32.js";

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
