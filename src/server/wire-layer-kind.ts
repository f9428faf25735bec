import { LayerKind } from "../gen/normserve/v1/layer.js";
import type { LinearOperatorLayer } from "../norms/linear-layer.js";

const KIND_OF: Record<LinearOperatorLayer["kind"], LayerKind> = {
  conv: LayerKind.LAYER_KIND_CONV,
  convTranspose: LayerKind.LAYER_KIND_CONV_TRANSPOSE,
  linear: LayerKind.LAYER_KIND_LINEAR,
  batchNorm: LayerKind.LAYER_KIND_BATCH_NORM,
};

/** The wire LayerKind of a layer. */
export function wireLayerKind(kind: LinearOperatorLayer["kind"]): LayerKind {
  return KIND_OF[kind];
}
