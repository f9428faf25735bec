import { type ConstraintSets, convConstraintSets, convTapBlocks } from "./abs-sum-constraint-sets.js";
import type { ConvGeometry } from "./conv-geometry.js";
import type { AbsSumNormKind } from "./conv-maximiser-weights.js";
import { projectIndicesOntoL1Ball } from "./l1-ball-projection.js";
import { projectTapBlocks } from "./tap-block-projection.js";

/**
 * `maximiser`: only the maximising row/column goes onto the L1 ball (the paper; the norm may
 * stay above r through other rows/columns). `all`: every row/column above r (into the ball).
 */
export type ProjectionMode = "maximiser" | "all";

/** Limits of the iterative projection used when a conv's constraint sets overlap. */
export interface ConstraintProjectionOptions {
  /** Dual coordinate-ascent sweeps per block at most (default 1000; 0: the shrink-only pass alone). */
  readonly maxIterations?: number;
  /** Done when every constraint is within `tolerance·r` of tight (or inactive) (default 1e-12). */
  readonly tolerance?: number;
}

/** Result of {@link projectOntoConstraintSets} and {@link projectConvBall}. */
export interface ConstraintProjectionResult {
  /** The projected weights (a new array). */
  readonly weight: Float64Array;
  /** 0 when already inside, 1 for the direct projection, else the most dual sweeps of a block. */
  readonly iterations: number;
  /** True when `weight` is the Euclidean projection onto the ball (up to float64 rounding). */
  readonly exact: boolean;
  /** The iterative projection met its tolerance (always true when exact). */
  readonly converged: boolean;
}

/**
 * Projection onto `{W : Σ_{S}|W| ≤ radius for every set S}` for pairwise disjoint sets (linear
 * layers, batch norm, separable convs): the ball is a product of L1 balls, so projecting each
 * violated set once is the exact Euclidean projection. Returns a new array.
 * Throws `RangeError` for overlapping sets (see {@link projectConvBall}).
 */
export function projectOntoConstraintSets(
  weight: ArrayLike<number>,
  constraints: ConstraintSets,
  radius: number,
): ConstraintProjectionResult {
  if (!(radius >= 0) || !Number.isFinite(radius))
    throw new RangeError(`projectOntoConstraintSets: radius must be a finite number ≥ 0, got ${radius}`);
  if (!constraints.disjoint) throw new RangeError("projectOntoConstraintSets: the sets overlap");
  const x = Float64Array.from(weight);
  let changed = false;
  for (const s of constraints.sets) changed = projectIndicesOntoL1Ball(x, s, radius) || changed;
  return { weight: x, iterations: changed ? 1 : 0, exact: true, converged: true };
}

/**
 * The `all` mode for a conv's L1/L∞ ball. Separable balls (see `convBallIsSeparable`): the
 * exact per-set projection (1 iteration). Overlapping constraint sets: the dual coordinate
 * ascent of {@link projectTapBlocks} (`exact: false`, `iterations` = its sweeps, `converged`
 * when within tolerance); the result is inside the ball either way.
 */
export function projectConvBall(
  weight: ArrayLike<number>,
  geometry: ConvGeometry,
  norm: AbsSumNormKind,
  radius: number,
  options: ConstraintProjectionOptions = {},
): ConstraintProjectionResult {
  const constraints = convConstraintSets(geometry, norm);
  if (constraints.disjoint) return projectOntoConstraintSets(weight, constraints, radius);
  if (!(radius >= 0) || !Number.isFinite(radius))
    throw new RangeError(`projectConvBall: radius must be a finite number ≥ 0, got ${radius}`);
  const x = Float64Array.from(weight);
  const { sweeps, converged } = projectTapBlocks(
    x,
    convTapBlocks(geometry, norm),
    radius,
    options.maxIterations ?? 1000,
    options.tolerance ?? 1e-12,
  );
  return { weight: x, iterations: sweeps, exact: false, converged };
}

/**
 * The `maximiser` mode: the weights `indices` (one row/column) go onto the L1 ball of radius
 * `radius` (exact sort-based projection), everything else is copied unchanged.
 */
export function projectMaximiserSet(
  weight: ArrayLike<number>,
  indices: Int32Array,
  radius: number,
): { readonly weight: Float64Array; readonly changed: boolean } {
  const x = Float64Array.from(weight);
  const changed = projectIndicesOntoL1Ball(x, indices, radius);
  return { weight: x, changed };
}

/**
 * Batch-norm projection: `γ_c := sign(γ_c)·r·√(σ²_c+ε)` where `|γ_c|/√(σ²_c+ε) > r`, for
 * `channel` only (maximiser mode) or every channel (`channel` omitted: all mode, which is the
 * exact Euclidean projection of γ onto the box `|γ_c| ≤ r·√(σ²_c+ε)`). The new γ is rounded so
 * that its computed ratio is ≤ r. Returns a new array.
 */
export function projectBatchNormScale(
  scale: ArrayLike<number>,
  variance: ArrayLike<number>,
  epsilon: number,
  radius: number,
  channel?: number,
): Float64Array {
  if (!(radius >= 0) || !Number.isFinite(radius))
    throw new RangeError(`projectBatchNormScale: radius must be a finite number ≥ 0, got ${radius}`);
  const gamma = Float64Array.from(scale);
  const from = channel ?? 0;
  const to = channel === undefined ? gamma.length : channel + 1;
  for (let c = from; c < to; c++) {
    const s = Math.sqrt(variance[c] + epsilon);
    if (Math.abs(gamma[c]) / s <= radius) continue;
    let bound = radius * s;
    while (bound / s > radius) bound -= Math.max(bound * Number.EPSILON, Number.MIN_VALUE);
    gamma[c] = bound === 0 ? 0 : Math.sign(gamma[c]) * bound;
  }
  return gamma;
}

const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

/** The float32 nearest to `v` in the direction of zero (`|result| ≤ |v|`, same sign). */
export function float32TowardZero(v: number): number {
  f32[0] = v;
  // Same sign and non-zero, so stepping the bit pattern down moves one ulp toward zero.
  if (Math.abs(f32[0]) > Math.abs(v)) f32Bits[0] -= 1;
  return f32[0];
}

/**
 * float64 → float32 rounding every entry toward zero (`|out_i| ≤ |x_i|`), so every abs sum —
 * and hence a norm bound obtained by projection — survives re-encoding as float32.
 */
export function toFloat32TowardZero(x: ArrayLike<number>): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = float32TowardZero(x[i]);
  return out;
}
