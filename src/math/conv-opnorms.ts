import { convAbsSums } from "./conv-abs-sums.js";
import { type ConvGeometry, tapCount } from "./conv-geometry.js";
import { type AxisTapSet, type AxisTapSets, axisTapSets } from "./conv-tap-sets.js";
import type { AbsSumNormRequest, AbsSumNorms, NormResult, WeightArray } from "./norm-result.js";

/**
 * Exact L1 (largest column abs sum) and/or L∞ (largest row abs sum) operator norm of an N-d
 * convolution on its input shape, for any stride, dilation, groups, padding (asymmetric,
 * auto_pad, negative in ConvTranspose adjoints) and inputs smaller than the kernel.
 *
 * A column (input element) or row (output element) sum is the sum of the per-tap abs sums over
 * its valid taps, and the valid tap set is a product of per-axis sets, of which there are few.
 * So the cost is one pass over |K| plus a max over (channel, combination of inclusion-maximal
 * per-axis sets); no loop over spatial positions × taps.
 *
 * Maximiser: L1 → input channel and input position, L∞ → output channel and output position.
 * Ties go to the lowest channel, then the lowest position in row-major order (exactly: every
 * candidate is summed by the same routine, taps ascending, so equal sums are bit-identical).
 * An all-zero kernel gives value 0 at channel 0, position all zeros. Weights must be finite.
 */
export function convOperatorNorms(
  kernel: WeightArray,
  geometry: ConvGeometry,
  request: AbsSumNormRequest,
): AbsSumNorms {
  if (!request.l1 && !request.linf) return {};
  const { outputTapAbsSums, inputTapAbsSums } = convAbsSums(kernel, geometry);
  const taps = tapCount(geometry);
  const tapStrides = rowMajorStrides(geometry.kernelSpatial);
  const axes = (side: "input" | "output"): AxisTapSets[] =>
    geometry.kernelSpatial.map((_, a) => axisTapSets(geometry, a, side));
  const result: { l1?: NormResult; linf?: NormResult } = {};
  if (request.l1) {
    result.l1 = largestSum(inputTapAbsSums, geometry.inChannels, taps, axes("input"), tapStrides);
  }
  if (request.linf) {
    result.linf = largestSum(outputTapAbsSums, geometry.outChannels, taps, axes("output"), tapStrides);
  }
  return result;
}

/** One combination of per-axis tap sets: its flat tap offsets (ascending) and lowest position. */
interface TapCombination {
  readonly offsets: Int32Array;
  readonly position: number[];
}

/** Max over channels and positions of Σ sums[channel·taps + tap] over the position's valid taps. */
function largestSum(
  sums: Float64Array,
  channels: number,
  taps: number,
  axes: readonly AxisTapSets[],
  tapStrides: readonly number[],
): NormResult {
  // A subset's sum never exceeds its superset's (float addition of non-negative terms is
  // monotone), so the value and the lowest channel come from the maximal combinations alone.
  const candidates: TapCombination[] = [];
  forEachCombination(
    axes.map((a) => a.maximal),
    tapStrides,
    (combination) => {
      candidates.push(combination);
      return false;
    },
  );
  let best = Number.NEGATIVE_INFINITY;
  let bestChannel = 0;
  let bestPosition = candidates[0].position;
  for (let c = 0; c < channels; c++) {
    const base = c * taps;
    for (const candidate of candidates) {
      const s = tapSum(sums, base, candidate.offsets);
      if (s > best) {
        best = s;
        bestChannel = c;
        bestPosition = candidate.position;
      }
    }
  }
  // The lowest position may carry a non-maximal set whose extra taps are all zero; visiting
  // every combination in row-major order of positions finds it first.
  const base = bestChannel * taps;
  forEachCombination(
    axes.map((a) => a.all),
    tapStrides,
    (combination) => {
      if (tapSum(sums, base, combination.offsets) !== best) return false;
      bestPosition = combination.position;
      return true;
    },
  );
  return { value: best, channel: bestChannel, position: bestPosition };
}

/** The one summation routine used for every candidate, so equal sums compare bit-identical. */
function tapSum(sums: Float64Array, base: number, offsets: Int32Array): number {
  let s = 0;
  for (let j = 0; j < offsets.length; j++) s += sums[base + offsets[j]];
  return s;
}

/**
 * Visits the cartesian product of per-axis set lists, first axis slowest. With each list
 * ordered by `first`, the visits come in row-major order of their lowest positions.
 * Stops when `visit` returns true.
 */
function forEachCombination(
  lists: readonly (readonly AxisTapSet[])[],
  tapStrides: readonly number[],
  visit: (combination: TapCombination) => boolean,
): void {
  const index = new Array<number>(lists.length).fill(0);
  for (;;) {
    const sets = lists.map((list, a) => list[index[a]]);
    if (visit({ offsets: flatOffsets(sets, tapStrides), position: sets.map((s) => s.first) })) return;
    let a = lists.length - 1;
    while (a >= 0 && index[a] === lists[a].length - 1) index[a--] = 0;
    if (a < 0) return;
    index[a]++;
  }
}

/** Flat kernel offsets of the product of per-axis tap sets, ascending (row-major nesting). */
function flatOffsets(sets: readonly AxisTapSet[], tapStrides: readonly number[]): Int32Array {
  let offsets = Int32Array.of(0);
  for (let a = 0; a < sets.length; a++) {
    const taps = sets[a].taps;
    const next = new Int32Array(offsets.length * taps.length);
    let n = 0;
    for (let i = 0; i < offsets.length; i++) {
      for (let j = 0; j < taps.length; j++) next[n++] = offsets[i] + taps[j] * tapStrides[a];
    }
    offsets = next;
  }
  return offsets;
}

function rowMajorStrides(sizes: readonly number[]): number[] {
  const strides = new Array<number>(sizes.length);
  let stride = 1;
  for (let a = sizes.length - 1; a >= 0; a--) {
    strides[a] = stride;
    stride *= sizes[a];
  }
  return strides;
}
