import { invalidArgument } from "../errors/normserve-error.js";
import { convBallIsSeparable, linearConstraintSets } from "../math/abs-sum-constraint-sets.js";
import { type AbsSumNormKind, adjointNormKind } from "../math/conv-maximiser-weights.js";
import {
  type ConstraintProjectionOptions,
  type ConstraintProjectionResult,
  float32TowardZero,
  type ProjectionMode,
  projectBatchNormScale,
  projectConvBall,
  projectMaximiserSet,
  projectOntoConstraintSets,
  toFloat32TowardZero,
} from "../math/norm-projection.js";
import type { NormResult, WeightArray } from "../math/norm-result.js";
import {
  checkLayerWeights,
  layerMaximiser,
  layerNorm,
  layerWeight,
  withLayerWeight,
} from "./layer-maximiser.js";
import type { LinearOperatorLayer } from "./linear-layer.js";

/** One layer's projection request. */
export interface LayerProjectionOptions extends ConstraintProjectionOptions {
  /** Which norm to bound. */
  readonly norm: AbsSumNormKind;
  /** r ≥ 0 (finite). */
  readonly radius: number;
  /** `maximiser` (the paper) or `all`. */
  readonly mode: ProjectionMode;
}

/** One layer's projection result. */
export interface LayerProjectionResult {
  /**
   * The new weight (γ for batch norm). Float32Array when the layer's weight is one, rounded
   * toward zero so the bound survives; Float64Array otherwise. The input is never modified.
   */
  readonly weight: WeightArray;
  /** Norm and maximiser of the input weight. */
  readonly normBefore: NormResult;
  /** Norm of `weight` (≤ r in `all` mode; in `maximiser` mode another row/column may remain above r). */
  readonly normAfter: NormResult;
  /** Whether any weight changed. */
  readonly changed: boolean;
  /** Sweeps over rows/columns: 0 already inside, 1 for a direct projection, more when iterated. */
  readonly iterations: number;
  /** `weight` is the Euclidean projection of the input onto the ball `{‖T‖ ≤ r}`. */
  readonly exact: boolean;
  /** The iterative projection met its tolerance (true whenever it was not needed). */
  readonly converged: boolean;
}

function ballIsSeparable(layer: LinearOperatorLayer, norm: AbsSumNormKind): boolean {
  if (layer.kind === "conv") return convBallIsSeparable(layer.geometry, norm);
  if (layer.kind === "convTranspose") return convBallIsSeparable(layer.adjoint, adjointNormKind(norm));
  return true;
}

/** Radius on the stored weight: `r/|α|` for a linear layer (rounded so that `|α|·r' ≤ r`). */
function weightRadius(layer: LinearOperatorLayer, radius: number): number {
  if (layer.kind !== "linear" || Math.abs(layer.scale) === 1) return radius;
  const alpha = Math.abs(layer.scale);
  let r = radius / alpha;
  while (Number.isFinite(r) && r > 0 && r * alpha > radius)
    r -= Math.max(r * Number.EPSILON, Number.MIN_VALUE);
  return r;
}

function projectAll(
  layer: Exclude<LinearOperatorLayer, { kind: "batchNorm" }>,
  norm: AbsSumNormKind,
  r: number,
  options: LayerProjectionOptions,
): ConstraintProjectionResult {
  switch (layer.kind) {
    case "conv":
      return projectConvBall(layer.weight, layer.geometry, norm, r, options);
    case "convTranspose":
      return projectConvBall(layer.weight, layer.adjoint, adjointNormKind(norm), r, options);
    case "linear": {
      const sets = linearConstraintSets(layer.rows, layer.cols, layer.transposed, norm);
      return projectOntoConstraintSets(layer.weight, sets, r);
    }
  }
}

/**
 * Rounding guard: the projections keep their own abs sums ≤ r, but ComputeNorms sums in another
 * order and may read r·(1 + a few ε). Scales the projected weights (`indices`, or all) by
 * `r/norm·(1 − 2^k·ε)` until the reported norm is ≤ r — a change at the level of rounding —
 * unless the excess comes from a row/column the projection did not touch (maximiser mode).
 */
function settleInside(
  layer: LinearOperatorLayer,
  weight: WeightArray,
  norm: AbsSumNormKind,
  radius: number,
  line: { indices: Int32Array; channel: number; position: readonly number[] } | undefined,
): NormResult {
  let after = layerNorm(withLayerWeight(layer, weight), norm);
  for (let k = 1; k <= 8 && after.value > radius; k++) {
    const sameLine = line && after.channel === line.channel && after.position.join() === line.position.join();
    if ((line && !sameLine) || after.value > radius * (1 + 1e-9)) break;
    const factor = (radius / after.value) * (1 - 2 ** k * Number.EPSILON);
    const scale = (i: number) => {
      weight[i] = weight instanceof Float32Array ? float32TowardZero(weight[i] * factor) : weight[i] * factor;
    };
    if (line) line.indices.forEach(scale);
    else for (let i = 0; i < weight.length; i++) scale(i);
    after = layerNorm(withLayerWeight(layer, weight), norm);
  }
  return after;
}

/**
 * Projects one layer's weight onto (`all`) or towards (`maximiser`) the ball `{‖T‖_p ≤ r}`.
 *
 * `maximiser`: when the norm exceeds r, the maximiser's row/column weights go onto the L1 ball
 * of radius r (batch norm: `|γ_c*| := r·√(σ²+ε)`); exact when that alone brings the norm to ≤ r
 * and the ball is separable. `all`: every row/column above r — the exact Euclidean projection for
 * linear layers, batch norm, and convs whose per-axis maximal tap sets are pairwise disjoint
 * (`convBallIsSeparable`); otherwise the dual coordinate ascent of `projectTapBlocks` (`exact:
 * false`, `converged` when within tolerance). In `all` mode the reported `normAfter` is ≤ r.
 * Throws INVALID_ARGUMENT (naming the layer) for a bad radius or weights.
 */
export function layerProjectNorm(
  layer: LinearOperatorLayer,
  options: LayerProjectionOptions,
): LayerProjectionResult {
  const { norm, radius, mode } = options;
  if (!(radius >= 0) || !Number.isFinite(radius))
    throw invalidArgument(`${layer.nodeName}: radius must be a finite number ≥ 0, got ${radius}`);
  if (mode !== "maximiser" && mode !== "all")
    throw invalidArgument(`${layer.nodeName}: projection mode must be 'maximiser' or 'all', got '${mode}'`);
  const { maxIterations, tolerance } = options;
  if (maxIterations !== undefined && !(Number.isSafeInteger(maxIterations) && maxIterations >= 0))
    throw invalidArgument(`${layer.nodeName}: max iterations must be an integer ≥ 0, got ${maxIterations}`);
  if (tolerance !== undefined && !(tolerance >= 0 && Number.isFinite(tolerance)))
    throw invalidArgument(`${layer.nodeName}: tolerance must be a finite number ≥ 0, got ${tolerance}`);
  checkLayerWeights(layer);
  const weight = layerWeight(layer);
  const { norm: normBefore, indices } = layerMaximiser(layer, norm);
  const r = weightRadius(layer, radius);
  let projected: Float64Array;
  let iterations = 1;
  let exact = true;
  let converged = true;
  if (normBefore.value <= radius || !Number.isFinite(r)) {
    projected = Float64Array.from(weight);
    iterations = 0;
  } else if (layer.kind === "batchNorm") {
    const channel = mode === "maximiser" ? normBefore.channel : undefined;
    projected = projectBatchNormScale(layer.scale, layer.variance, layer.epsilon, radius, channel);
  } else if (mode === "maximiser") {
    projected = projectMaximiserSet(weight, indices, r).weight;
    exact = ballIsSeparable(layer, norm);
  } else {
    const result = projectAll(layer, norm, r, options);
    ({ iterations, exact, converged } = result);
    projected = result.weight;
  }
  const out: WeightArray = weight instanceof Float32Array ? toFloat32TowardZero(projected) : projected;
  let changed = false;
  for (let i = 0; i < out.length && !changed; i++) changed = out[i] !== weight[i];
  const line = mode === "maximiser" ? { indices, ...normBefore } : undefined;
  const normAfter = changed ? settleInside(layer, out, norm, radius, line) : normBefore;
  if (mode === "maximiser") exact &&= normAfter.value <= radius;
  return { weight: out, normBefore, normAfter, changed, iterations, exact, converged };
}
