import { type ConvGeometry, inputTapsOnAxis, outputTapsOnAxis } from "./conv-geometry.js";

/** One distinct set of kernel taps along an axis, with the lowest index that has exactly this set. */
export interface AxisTapSet {
  /** Taps in ascending order; empty for elements that reach no output / read only padding. */
  readonly taps: Int32Array;
  /** Lowest index along the axis (input side or output side) whose tap set this is. */
  readonly first: number;
}

/** The distinct tap sets of one axis. */
export interface AxisTapSets {
  /** Every distinct set, ordered by {@link AxisTapSet.first} ascending. */
  readonly all: readonly AxisTapSet[];
  /** The sets of {@link all} not strictly inside another one (same order): only these can attain a max. */
  readonly maximal: readonly AxisTapSet[];
}

/** Kernels up to this many taps per axis key their sets by a bit mask (no allocation per index). */
const MASK_TAPS = 30;

/**
 * Distinct per-axis tap sets over the output indices (`"output"`: taps whose input lies inside
 * the input, as {@link outputTapsOnAxis}) or input indices (`"input"`: taps through which the
 * element reaches an output, as {@link inputTapsOnAxis}). The valid tap set of an N-d position
 * is the product of its per-axis sets, so a handful of these describe every row or column.
 */
export function axisTapSets(geometry: ConvGeometry, axis: number, side: "input" | "output"): AxisTapSets {
  const count = side === "output" ? geometry.outputSpatial[axis] : geometry.inputSpatial[axis];
  const all: AxisTapSet[] = [];
  if (geometry.kernelSpatial[axis] <= MASK_TAPS) {
    const seen = new Set<number>();
    let previous = -1;
    for (let i = 0; i < count; i++) {
      const mask = side === "output" ? outputMask(geometry, axis, i) : inputMask(geometry, axis, i);
      // Neighbouring indices usually share a set; skip the Set lookup for them.
      if (mask !== previous && !seen.has(mask)) {
        seen.add(mask);
        all.push({ taps: maskTaps(mask), first: i });
      }
      previous = mask;
    }
  } else {
    // Wider kernels do not fit a 31-bit mask; they are rare, so key by the tap list instead.
    const seen = new Set<string>();
    for (let i = 0; i < count; i++) {
      const taps =
        side === "output" ? outputTapsOnAxis(geometry, axis, i) : inputTapsOnAxis(geometry, axis, i);
      const key = taps.join(",");
      if (!seen.has(key)) {
        seen.add(key);
        all.push({ taps: Int32Array.from(taps), first: i });
      }
    }
  }
  const maximal = all.filter((a) => !all.some((b) => b !== a && isSubset(a.taps, b.taps)));
  return { all, maximal };
}

/** Bit k set iff output index i reads an in-bounds input through tap k (same rule as outputTapsOnAxis). */
function outputMask(g: ConvGeometry, axis: number, i: number): number {
  const size = g.inputSpatial[axis];
  const dilation = g.dilations[axis];
  const base = i * g.strides[axis] - g.padsBegin[axis];
  let mask = 0;
  for (let k = 0; k < g.kernelSpatial[axis]; k++) {
    const y = base + k * dilation;
    if (y >= 0 && y < size) mask |= 1 << k;
  }
  return mask;
}

/** Bit k set iff input index y reaches an output through tap k (same rule as inputTapsOnAxis). */
function inputMask(g: ConvGeometry, axis: number, y: number): number {
  const stride = g.strides[axis];
  const limit = g.outputSpatial[axis] * stride;
  const dilation = g.dilations[axis];
  const base = y + g.padsBegin[axis];
  let mask = 0;
  for (let k = 0; k < g.kernelSpatial[axis]; k++) {
    const t = base - k * dilation;
    if (t >= 0 && t < limit && t % stride === 0) mask |= 1 << k;
  }
  return mask;
}

function maskTaps(mask: number): Int32Array {
  const taps: number[] = [];
  for (let k = 0; k < MASK_TAPS; k++) if (mask & (1 << k)) taps.push(k);
  return Int32Array.from(taps);
}

/** a ⊆ b for ascending tap lists. */
function isSubset(a: Int32Array, b: Int32Array): boolean {
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    while (j < b.length && b[j] < a[i]) j++;
    if (j === b.length || b[j] !== a[i]) return false;
  }
  return true;
}
