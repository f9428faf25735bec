import type { NormResult } from "../math/norm-result.js";
import { layerAbsSumNorms } from "./layer-abs-sum-norms.js";
import type { LayerSpectralNorm } from "./layer-spectral-norm.js";
import type { LinearOperatorLayer } from "./linear-layer.js";

/** Norms to compute. */
export interface NormSelection {
  readonly l1: boolean;
  readonly linf: boolean;
}

/** Norms of one layer, ready to be reported. */
export interface LayerNormsResult {
  readonly layer: LinearOperatorLayer;
  readonly l1?: NormResult;
  readonly linf?: NormResult;
  /** Spectral norm, added by `addSpectralNorms` when L2 is asked for. */
  readonly l2?: LayerSpectralNorm;
}

/**
 * Per-layer exact norms for a whole model, in layer order. The one entry that ComputeNorms, the
 * Train stream's live norms and normctl call; callers never loop over layers themselves.
 */
export function computeLayerNorms(
  layers: readonly LinearOperatorLayer[],
  selection: NormSelection,
): LayerNormsResult[] {
  return layers.map((layer) => ({ layer, ...layerAbsSumNorms(layer, selection) }));
}
