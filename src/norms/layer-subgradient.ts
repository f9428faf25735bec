import type { AbsSumNormKind } from "../math/conv-maximiser-weights.js";
import { batchNormSubgradient, signSubgradient } from "../math/norm-decay.js";
import type { NormResult } from "../math/norm-result.js";
import { checkLayerWeights, layerMaximiser, layerWeight } from "./layer-maximiser.js";
import type { LinearOperatorLayer } from "./linear-layer.js";

/** A layer's norm and the subgradient that norm decay sets on its maximiser's weights. */
export interface LayerSubgradient {
  /** Norm and maximiser (the ComputeNorms code and tie rule). */
  readonly norm: NormResult;
  /** Flat weight indices of the maximiser's row/column, ascending and distinct. */
  readonly indices: Int32Array;
  /** The subgradient of the norm w.r.t. those weights, aligned with `indices`. */
  readonly subgradient: Float64Array;
}

/**
 * The norm's maximiser and subgradient for one layer (DESIGN §2): `sign(W)` on the maximiser's
 * weights for conv and ConvTranspose, `|α|·sign(W)` for a linear layer with Gemm alpha α,
 * `sign(γ_c)/√(σ²_c+ε)` for batch norm; `sign(0) = 0`. Unless `weightsChecked` (the caller
 * already rejected non-finite weights and variances, as the wire and ONNX decoders do), the
 * weights are checked first: INVALID_ARGUMENT naming the layer.
 */
export function layerSubgradient(
  layer: LinearOperatorLayer,
  norm: AbsSumNormKind,
  weightsChecked = false,
): LayerSubgradient {
  if (!weightsChecked) checkLayerWeights(layer);
  const maximiser = layerMaximiser(layer, norm);
  const subgradient =
    layer.kind === "batchNorm"
      ? batchNormSubgradient(layer.scale, layer.variance, layer.epsilon, maximiser.norm.channel)
      : signSubgradient(
          layerWeight(layer),
          maximiser.indices,
          layer.kind === "linear" ? Math.abs(layer.scale) : 1,
        );
  return { norm: maximiser.norm, indices: maximiser.indices, subgradient };
}
