import { invalidArgument } from "../errors/normserve-error.js";
import {
  type AbsSumNormKind,
  batchNormMaximiserWeights,
  convMaximiserWeights,
  convTransposeMaximiserWeights,
  linearMaximiserWeights,
} from "../math/conv-maximiser-weights.js";
import type { NormResult, WeightArray } from "../math/norm-result.js";
import { layerAbsSumNorms } from "./layer-abs-sum-norms.js";
import type { LinearOperatorLayer } from "./linear-layer.js";

/** A layer's norm with the flat indices of the weights its maximiser's row/column uses. */
export interface LayerMaximiser {
  /** Norm value and maximiser (from the same code as ComputeNorms; its tie rule applies). */
  readonly norm: NormResult;
  /** Flat indices into {@link layerWeight} (ascending, distinct). */
  readonly indices: Int32Array;
}

/**
 * The array that decay and projection act on: the kernel/weight, or γ for batch norm
 * (the variance is a statistic, not a trained weight).
 */
export function layerWeight(layer: LinearOperatorLayer): WeightArray {
  return layer.kind === "batchNorm" ? layer.scale : layer.weight;
}

/** The same layer with {@link layerWeight} replaced (same length). */
export function withLayerWeight(layer: LinearOperatorLayer, weight: WeightArray): LinearOperatorLayer {
  return layer.kind === "batchNorm" ? { ...layer, scale: weight } : { ...layer, weight };
}

/** Exact L1 or L∞ norm of the layer with its maximiser (the ComputeNorms dispatch). */
export function layerNorm(layer: LinearOperatorLayer, norm: AbsSumNormKind): NormResult {
  const result = layerAbsSumNorms(layer, { l1: norm === "l1", linf: norm === "linf" })[norm];
  if (result === undefined) throw new Error(`layerNorm: no ${norm} result for ${layer.nodeName}`);
  return result;
}

/** Flat indices of the weights of `maximiser`'s row/column for `layer` and `norm`. */
export function layerMaximiserWeights(
  layer: LinearOperatorLayer,
  norm: AbsSumNormKind,
  maximiser: NormResult,
): Int32Array {
  switch (layer.kind) {
    case "conv":
      return convMaximiserWeights(layer.geometry, norm, maximiser);
    case "convTranspose":
      return convTransposeMaximiserWeights(layer.adjoint, norm, maximiser);
    case "linear":
      return linearMaximiserWeights(layer.rows, layer.cols, layer.transposed, norm, maximiser.channel);
    case "batchNorm":
      return batchNormMaximiserWeights(layer.scale.length, maximiser.channel);
  }
}

/** The layer's norm, its maximiser and the maximiser's weight indices. */
export function layerMaximiser(layer: LinearOperatorLayer, norm: AbsSumNormKind): LayerMaximiser {
  const result = layerNorm(layer, norm);
  return { norm: result, indices: layerMaximiserWeights(layer, norm, result) };
}

/**
 * Rejects (INVALID_ARGUMENT, naming the layer) a non-finite weight; for batch norm also a
 * non-finite or non-positive `σ²+ε`.
 */
export function checkLayerWeights(layer: LinearOperatorLayer): void {
  const weight = layerWeight(layer);
  // Branch-free scan: w·0 is NaN exactly for NaN and ±∞; locate the culprit only on failure.
  let probe = 0;
  for (let i = 0; i < weight.length; i++) probe += weight[i] * 0;
  if (probe !== 0) {
    const i = weight.findIndex((v) => !Number.isFinite(v));
    throw invalidArgument(`${layer.nodeName}: weight '${layer.weightName}'[${i}] is ${weight[i]}`);
  }
  if (layer.kind !== "batchNorm") return;
  for (let c = 0; c < layer.variance.length; c++) {
    const d = layer.variance[c] + layer.epsilon;
    if (!(d > 0) || !Number.isFinite(d))
      throw invalidArgument(
        `${layer.nodeName}: '${layer.varianceName}'[${c}] + epsilon must be > 0, got ${d}`,
      );
  }
}
