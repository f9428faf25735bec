/**
 * An operator norm with the place it is attained: the column (L1: an input element) or the
 * row (L∞: an output element) with the largest abs sum.
 *
 * Ties go to the lowest channel, then to the lowest spatial position in row-major order.
 */
export interface NormResult {
  /** The norm's value (float64). */
  readonly value: number;
  /** Input channel (L1) or output channel (L∞); feature index for linear layers. */
  readonly channel: number;
  /** Spatial coordinates of the maximising element; empty for linear and batch-norm layers. */
  readonly position: readonly number[];
}

/** Which of the two abs-sum norms to compute. */
export interface AbsSumNormRequest {
  readonly l1: boolean;
  readonly linf: boolean;
}

/** L1 and/or L∞ results, present when requested. */
export interface AbsSumNorms {
  readonly l1?: NormResult;
  readonly linf?: NormResult;
}

/** Weights as they arrive: float32 straight from the wire or ONNX, float64 otherwise. */
export type WeightArray = Float32Array | Float64Array;
