import type { AbsSumNormKind } from "../math/conv-maximiser-weights.js";
import type { ProjectionMode } from "../math/norm-projection.js";
import { type LayerProjectionResult, layerProjectNorm } from "./layer-projection.js";
import type { LinearOperatorLayer } from "./linear-layer.js";

/** Options of {@link modelProjectNorms}. */
export interface ModelProjectionOptions {
  /** Which norm to bound. */
  readonly norm: AbsSumNormKind;
  /** r ≥ 0 (finite). */
  readonly radius: number;
  /** `maximiser` (the paper) or `all`. */
  readonly mode: ProjectionMode;
  /** Layer kinds to project. */
  readonly kinds: ReadonlySet<LinearOperatorLayer["kind"]>;
  /** Iterative projection: dual sweeps per block at most (default 1000). */
  readonly maxIterations?: number;
  /** Iterative projection tolerance, relative to r (default 1e-12). */
  readonly tolerance?: number;
}

/** One projected layer. */
export interface LayerProjectionOutcome extends LayerProjectionResult {
  readonly layer: LinearOperatorLayer;
}

/**
 * Projects every layer of a model whose kind is selected onto (`all`) or towards (`maximiser`)
 * the ball `{‖T‖ ≤ r}` with {@link layerProjectNorm}, in layer order: the one entry ProjectNorms
 * calls. Input weights are never modified.
 */
export function modelProjectNorms(
  layers: readonly LinearOperatorLayer[],
  options: ModelProjectionOptions,
): LayerProjectionOutcome[] {
  return layers
    .filter((layer) => options.kinds.has(layer.kind))
    .map((layer) => ({ layer, ...layerProjectNorm(layer, options) }));
}
