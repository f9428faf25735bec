import type { NetworkNorm } from "../gen/normserve/v1/compute_norms.js";
import { L2Method, type LayerNorms, type Maximiser, NormType } from "../gen/normserve/v1/compute_norms.js";
import { LayerKind } from "../gen/normserve/v1/layer.js";
import type { NormResult } from "../math/norm-result.js";
import type { L2Method as MathL2Method } from "../math/spectral-types.js";
import type { LayerNormsResult } from "./compute-norms.js";
import type { LinearOperatorLayer } from "./linear-layer.js";
import type { NetworkNormResult } from "./network-norms.js";

const KIND_OF: Record<LinearOperatorLayer["kind"], LayerKind> = {
  conv: LayerKind.LAYER_KIND_CONV,
  convTranspose: LayerKind.LAYER_KIND_CONV_TRANSPOSE,
  linear: LayerKind.LAYER_KIND_LINEAR,
  batchNorm: LayerKind.LAYER_KIND_BATCH_NORM,
};

const METHOD_OF: Record<MathL2Method, L2Method> = {
  exact: L2Method.L2_METHOD_EXACT,
  "exact-circular": L2Method.L2_METHOD_EXACT_CIRCULAR,
  "power-iteration": L2Method.L2_METHOD_POWER_ITERATION,
  "gram-iteration-bound": L2Method.L2_METHOD_GRAM_ITERATION_BOUND,
};

const NORM_OF: Record<NetworkNormResult["norm"], NormType> = {
  l1: NormType.NORM_TYPE_L1,
  linf: NormType.NORM_TYPE_LINF,
  l2: NormType.NORM_TYPE_L2,
};

function encodeMaximiser(result: NormResult | undefined): Maximiser | undefined {
  return result === undefined ? undefined : { channel: result.channel, position: [...result.position] };
}

/** Wire form of one layer's norms. */
export function encodeLayerNorms(result: LayerNormsResult): LayerNorms {
  const { layer, l2 } = result;
  return {
    nodeName: layer.nodeName,
    opType: layer.opType,
    weightName: layer.weightName,
    kind: KIND_OF[layer.kind],
    inputShape: [...layer.inputShape],
    outputShape: [...layer.outputShape],
    l1: result.l1?.value,
    linf: result.linf?.value,
    l2: l2?.value,
    l1Maximiser: encodeMaximiser(result.l1),
    linfMaximiser: encodeMaximiser(result.linf),
    l2Method: l2 === undefined ? L2Method.L2_METHOD_UNSPECIFIED : METHOD_OF[l2.method],
    l2Iterations: l2?.iterations,
    l2Residual: l2?.residual,
    l2UpperBound: l2?.upperBound,
    l2UpperBoundMethod:
      l2?.upperBoundMethod === undefined ? L2Method.L2_METHOD_UNSPECIFIED : METHOD_OF[l2.upperBoundMethod],
  };
}

/** Wire form of a network-level figure. */
export function encodeNetworkNorm(result: NetworkNormResult): NetworkNorm {
  return {
    norm: NORM_OF[result.norm],
    product: result.product,
    lipschitzBound: result.lipschitzBound,
    isChain: result.isChain,
    note: result.note,
  };
}
