import type { NormResult } from "../norm-result.js";
import type { DenseMatrix } from "./dense-conv-matrix.js";

/** Column and row abs sums of a dense matrix and the L1/L∞ results they give. @internal */
export interface DenseAbsSumNorms {
  /** Σ_i |M_ij| per column j (rows summed in ascending order). */
  readonly columnSums: Float64Array;
  /** Σ_j |M_ij| per row i. */
  readonly rowSums: Float64Array;
  readonly l1: NormResult;
  readonly linf: NormResult;
}

/**
 * Brute-force L1 (max column abs sum) and L∞ (max row abs sum) with the tie rule: the first
 * maximum in flat order, i.e. lowest channel then lowest row-major position.
 * `inputSpatial`/`outputSpatial` decode column/row indices into (channel, position).
 * @internal
 */
export function denseAbsSumNorms(
  m: DenseMatrix,
  inputSpatial: readonly number[],
  outputSpatial: readonly number[],
): DenseAbsSumNorms {
  const columnSums = new Float64Array(m.cols);
  const rowSums = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      const v = Math.abs(m.data[i * m.cols + j]);
      columnSums[j] += v;
      rowSums[i] += v;
    }
  }
  return {
    columnSums,
    rowSums,
    l1: firstLargest(columnSums, inputSpatial),
    linf: firstLargest(rowSums, outputSpatial),
  };
}

/**
 * The first maximum of `sums` (channel-major, row-major over `spatial`) as a {@link NormResult}.
 * @internal
 */
export function firstLargest(sums: Float64Array, spatial: readonly number[]): NormResult {
  let best = 0;
  for (let j = 1; j < sums.length; j++) if (sums[j] > sums[best]) best = j;
  return { value: sums[best], channel: channelOf(best, spatial), position: positionOf(best, spatial) };
}

/** Channel of flat element index `flat` for a `[C, ...spatial]` tensor. @internal */
export function channelOf(flat: number, spatial: readonly number[]): number {
  return Math.floor(flat / spatial.reduce((a, b) => a * b, 1));
}

/** Spatial position of flat element index `flat` for a `[C, ...spatial]` tensor. @internal */
export function positionOf(flat: number, spatial: readonly number[]): number[] {
  const position = new Array<number>(spatial.length);
  let rest = flat;
  for (let a = spatial.length - 1; a >= 0; a--) {
    position[a] = rest % spatial[a];
    rest = Math.floor(rest / spatial[a]);
  }
  return position;
}

/** Flat element index of (channel, position) in a `[C, ...spatial]` tensor. @internal */
export function flatIndexOf(
  channel: number,
  position: readonly number[],
  spatial: readonly number[],
): number {
  let q = channel;
  for (let a = 0; a < spatial.length; a++) q = q * spatial[a] + position[a];
  return q;
}
