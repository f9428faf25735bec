import type { LayerNorms } from "../gen/normserve/v1/compute_norms.js";
import { computeLayerNorms } from "../norms/compute-norms.js";
import { encodeLayerNorms } from "../norms/encode-layer-norms.js";
import type { LinearOperatorLayer } from "../norms/linear-layer.js";

/**
 * Exact L1 and L∞ norms of every layer, in the wire form ComputeNorms answers with: the same
 * entry (`computeLayerNorms`) and the same encoder, so a snapshot equals ComputeNorms on a model
 * exported at that step.
 */
export function layerNormsSnapshot(layers: readonly LinearOperatorLayer[]): LayerNorms[] {
  return computeLayerNorms(layers, { l1: true, linf: true }).map(encodeLayerNorms);
}
