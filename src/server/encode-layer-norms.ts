import type { NetworkNorm } from "../gen/normserve/v1/compute_norms.js";
import { type LayerNorms, type Maximiser, NormType } from "../gen/normserve/v1/compute_norms.js";
import { LayerKind } from "../gen/normserve/v1/layer.js";
import type { NormResult } from "../math/norm-result.js";
import type { LayerNormsResult } from "../norms/compute-norms.js";
import type { LinearOperatorLayer } from "../norms/linear-layer.js";
import type { NetworkNormResult } from "../norms/network-norms.js";

const KIND_OF: Record<LinearOperatorLayer["kind"], LayerKind> = {
  conv: LayerKind.LAYER_KIND_CONV,
  convTranspose: LayerKind.LAYER_KIND_CONV_TRANSPOSE,
  linear: LayerKind.LAYER_KIND_LINEAR,
  batchNorm: LayerKind.LAYER_KIND_BATCH_NORM,
};

function encodeMaximiser(result: NormResult | undefined): Maximiser | undefined {
  return result === undefined ? undefined : { channel: result.channel, position: [...result.position] };
}

/** Wire form of one layer's norms. */
export function encodeLayerNorms(result: LayerNormsResult): LayerNorms {
  const { layer } = result;
  return {
    nodeName: layer.nodeName,
    opType: layer.opType,
    weightName: layer.weightName,
    kind: KIND_OF[layer.kind],
    inputShape: [...layer.inputShape],
    outputShape: [...layer.outputShape],
    l1: result.l1?.value,
    linf: result.linf?.value,
    l2: undefined,
    l2Method: 0,
    l2UpperBoundMethod: 0,
    l1Maximiser: encodeMaximiser(result.l1),
    linfMaximiser: encodeMaximiser(result.linf),
  };
}

/** Wire form of a network-level figure. */
export function encodeNetworkNorm(result: NetworkNormResult): NetworkNorm {
  return {
    norm: result.norm === "l1" ? NormType.NORM_TYPE_L1 : NormType.NORM_TYPE_LINF,
    product: result.product,
    lipschitzBound: result.lipschitzBound,
    isChain: result.isChain,
    note: result.note,
  };
}
