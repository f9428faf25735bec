/**
 * How an L2 (spectral) norm was obtained — what a ComputeNorms handler reports as `l2_method`.
 * - `exact`: exact largest singular value of the layer's own operator (linear layers, batch norm).
 * - `exact-circular`: exact for the convolution with *circular* padding on the input size
 *   (Sedghi et al. 2019); for a zero-padded layer this is a different operator.
 * - `power-iteration`: a lower estimate on the true (zero-padded) operator, with its iteration
 *   count and residual.
 * - `gram-iteration-bound`: a guaranteed upper bound on the true operator (Delattre et al.).
 */
export type L2Method = "exact" | "exact-circular" | "power-iteration" | "gram-iteration-bound";

/** A spectral norm with the way it was obtained. */
export interface SpectralNormResult {
  readonly value: number;
  readonly method: L2Method;
  /** Iterations (power/Lanczos steps, or Gram iterations). */
  readonly iterations?: number;
  /** ‖Aᵀ A v − σ² v‖ / σ² of the final vector, for iterative estimates. */
  readonly residual?: number;
}

/** A valid request the spectral code cannot serve (e.g. input size not divisible by the stride). */
export class SpectralInputError extends Error {
  override name = "SpectralInputError";
}
