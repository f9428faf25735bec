import type { ConvGeometry } from "../conv-geometry.js";
import { type DenseMatrix, denseConvMatrix, product, unflatten } from "./dense-conv-matrix.js";

/**
 * Brute-force conv matrix of kernel *indices*: entry `(row, col)` is the flat kernel index that
 * multiplies input `col` in output `row`, or −1. Rows are output elements and columns input
 * elements, both channel-major then row-major (as {@link DenseMatrix}). For tests only.
 * @internal
 */
export interface DenseConvIndex {
  readonly rows: number;
  readonly cols: number;
  /** Row-major `rows × cols`. */
  readonly index: Int32Array;
}

/**
 * Kernel values `1, 2, 3, …` (flat index + 1): every entry of a brute-force matrix built from
 * them is exactly one kernel entry, so it names that entry's index. @internal
 */
export function indexKernel(length: number): Float64Array {
  return Float64Array.from({ length }, (_, i) => i + 1);
}

/** Reads a dense matrix built from {@link indexKernel} back as kernel indices (0 → −1). @internal */
export function denseIndexFromMatrix(m: DenseMatrix): DenseConvIndex {
  return { rows: m.rows, cols: m.cols, index: Int32Array.from(m.data, (v) => v - 1) };
}

/** The {@link DenseConvIndex} of conv `g`, from the brute-force {@link denseConvMatrix}. @internal */
export function denseConvIndex(g: ConvGeometry): DenseConvIndex {
  const taps = product(g.kernelSpatial);
  return denseIndexFromMatrix(
    denseConvMatrix(indexKernel(g.outChannels * (g.inChannels / g.group) * taps), g),
  );
}

/** Kernel indices of dense column `col` (L1) or row `row` (L∞), sorted. @internal */
export function denseLineIndices(d: DenseConvIndex, norm: "l1" | "linf", line: number): number[] {
  const out: number[] = [];
  const count = norm === "l1" ? d.rows : d.cols;
  for (let k = 0; k < count; k++) {
    const v = norm === "l1" ? d.index[k * d.cols + line] : d.index[line * d.cols + k];
    if (v >= 0) out.push(v);
  }
  return out.sort((a, b) => a - b);
}

/**
 * Abs sums of every column (L1) or row (L∞) of the dense matrix of kernel `w`, summed in
 * float64. The norm is their maximum. @internal
 */
export function denseLineSums(d: DenseConvIndex, w: ArrayLike<number>, norm: "l1" | "linf"): Float64Array {
  const sums = new Float64Array(norm === "l1" ? d.cols : d.rows);
  for (let r = 0; r < d.rows; r++)
    for (let c = 0; c < d.cols; c++) {
      const v = d.index[r * d.cols + c];
      if (v >= 0) sums[norm === "l1" ? c : r] += Math.abs(w[v]);
    }
  return sums;
}

/** Location `{channel, position}` of dense column (L1) or row (L∞) `line`. @internal */
export function denseLineLocation(
  g: ConvGeometry,
  norm: "l1" | "linf",
  line: number,
): { channel: number; position: number[] } {
  const spatial = norm === "l1" ? g.inputSpatial : g.outputSpatial;
  const plane = product(spatial);
  return { channel: Math.floor(line / plane), position: unflatten(line % plane, spatial) };
}
