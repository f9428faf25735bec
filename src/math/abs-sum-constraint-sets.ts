import { type ConvGeometry, tapCount } from "./conv-geometry.js";
import {
  type AbsSumNormKind,
  convMaximiserWeights,
  linearMaximiserWeights,
  type MaximiserLocation,
  tapProduct,
} from "./conv-maximiser-weights.js";
import { type AxisTapSet, axisTapSets } from "./conv-tap-sets.js";

/**
 * The norm ball `{W : ‖T_W‖ ≤ r}` of an abs-sum norm written as "the abs sum of `W` over each
 * set is ≤ r" (a set = the weights of one matrix column (L1) or row (L∞)). Only the sets that can
 * attain the maximum are listed: every other column/row uses a subset of one of them.
 */
export interface ConstraintSets {
  /** Flat weight indices per constraint, each sorted ascending. */
  readonly sets: readonly Int32Array[];
  /**
   * True when the sets are pairwise disjoint: the Euclidean projection onto the ball is then
   * exactly the per-set projection onto the L1 ball.
   */
  readonly disjoint: boolean;
}

/**
 * The inclusion-maximal non-empty tap sets of one axis, over input indices (`l1`) or output
 * indices (`linf`), each with its lowest index (the tap-set enumeration ComputeNorms uses).
 */
function maximalTapSets(geometry: ConvGeometry, norm: AbsSumNormKind, axis: number): AxisTapSet[] {
  const { maximal } = axisTapSets(geometry, axis, norm === "l1" ? "input" : "output");
  return maximal.filter((s) => s.taps.length > 0);
}

function pairwiseDisjoint(sets: readonly AxisTapSet[]): boolean {
  const used = new Set<number>();
  for (const s of sets)
    for (const k of s.taps) {
      if (used.has(k)) return false;
      used.add(k);
    }
  return true;
}

/**
 * Whether a conv's L1/L∞ ball is a product of L1 balls over disjoint weight sets, i.e. whether
 * the per-set projection of {@link convConstraintSets} is the exact Euclidean projection.
 * True iff on every axis the inclusion-maximal non-empty tap sets are pairwise disjoint (a
 * single greatest set — stride 1 and an input at least the kernel extent — or the stride-phase
 * classes `k ≡ φ (mod s)` of a strided L1; vacuously when some axis has no valid tap). False
 * e.g. when the input is smaller than the kernel extent and boundary tap sets overlap.
 */
export function convBallIsSeparable(geometry: ConvGeometry, norm: AbsSumNormKind): boolean {
  const perAxis = geometry.kernelSpatial.map((_, a) => maximalTapSets(geometry, norm, a));
  return perAxis.some((sets) => sets.length === 0) || perAxis.every(pairwiseDisjoint);
}

/**
 * Constraint sets of a conv's L1 (columns) or L∞ (rows) ball. A column/row's weight set is
 * `channel block × (per-axis tap-set product)` (L1: `K[o in c's group, c mod C_in/g, ·]`; L∞:
 * `K[o, all c', ·]`); blocks of different channels are disjoint, and a tap-set product is
 * contained in another iff it is on every axis, so the constraints are the products of per-axis
 * inclusion-maximal tap sets, one per channel; every other column/row is a subset of one.
 * `disjoint` is {@link convBallIsSeparable}.
 */
export function convConstraintSets(geometry: ConvGeometry, norm: AbsSumNormKind): ConstraintSets {
  const rank = geometry.kernelSpatial.length;
  const perAxis = Array.from({ length: rank }, (_, a) => maximalTapSets(geometry, norm, a));
  const combos: number[][] = perAxis.reduce<number[][]>(
    (acc, sets) => acc.flatMap((prefix) => sets.map((s) => [...prefix, s.first])),
    [[]],
  );
  const channels = norm === "l1" ? geometry.inChannels : geometry.outChannels;
  const sets: Int32Array[] = [];
  for (let channel = 0; channel < channels; channel++)
    for (const position of combos) {
      const location: MaximiserLocation = { channel, position };
      sets.push(convMaximiserWeights(geometry, norm, location));
    }
  const disjoint = perAxis.some((s) => s.length === 0) || perAxis.every(pairwiseDisjoint);
  return { sets, disjoint };
}

/**
 * A conv's ball in block × tap form: block `b` (one per channel: the input channel for L1, the
 * output channel for L∞) holds the weights `index(b, row, t)` for `row < rowsPerBlock` (the
 * output channels of its group for L1, the input channels `c'` for L∞) and flat tap `t`, and the
 * ball is `Σ_{t∈tapSets[k]} Σ_row |W[index(b, row, t)]| ≤ r` for every block `b` and set `k`.
 * Blocks never share a weight; the tap sets are the products of per-axis maximal tap sets.
 */
export interface ConvTapBlocks {
  readonly blocks: number;
  readonly rowsPerBlock: number;
  /** Constraint tap sets (flat, row-major over the kernel's spatial axes, ascending). */
  readonly tapSets: readonly Int32Array[];
  /** Flat kernel index of (block, row, tap). */
  readonly index: (block: number, row: number, tap: number) => number;
}

/** The {@link ConvTapBlocks} form of a conv's L1 or L∞ ball. */
export function convTapBlocks(geometry: ConvGeometry, norm: AbsSumNormKind): ConvTapBlocks {
  const perAxis = geometry.kernelSpatial.map((_, a) => maximalTapSets(geometry, norm, a));
  const combos = perAxis.reduce<number[][][]>(
    (acc, sets) => acc.flatMap((prefix) => sets.map((s) => [...prefix, Array.from(s.taps)])),
    [[]],
  );
  const taps = tapCount(geometry);
  const cinPerGroup = geometry.inChannels / geometry.group;
  const coutPerGroup = geometry.outChannels / geometry.group;
  const tapSets = combos.map((combo) => Int32Array.from(tapProduct(geometry.kernelSpatial, combo)));
  if (norm === "linf")
    return {
      blocks: geometry.outChannels,
      rowsPerBlock: cinPerGroup,
      tapSets,
      index: (o, c, t) => (o * cinPerGroup + c) * taps + t,
    };
  return {
    blocks: geometry.inChannels,
    rowsPerBlock: coutPerGroup,
    tapSets,
    index: (c, row, t) => {
      const o = Math.floor(c / cinPerGroup) * coutPerGroup + row;
      return (o * cinPerGroup + (c % cinPerGroup)) * taps + t;
    },
  };
}

/** Constraint sets of a linear map's ball: every column (L1) or row (L∞) of `M`; always disjoint. */
export function linearConstraintSets(
  rows: number,
  cols: number,
  transposed: boolean,
  norm: AbsSumNormKind,
): ConstraintSets {
  const count = norm === "l1" ? cols : rows;
  const sets = Array.from({ length: count }, (_, k) =>
    linearMaximiserWeights(rows, cols, transposed, norm, k),
  );
  return { sets, disjoint: true };
}
