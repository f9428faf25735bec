import type { AbsSumNormKind } from "../../math/conv-maximiser-weights.js";
import { denseConvIndex, denseLineIndices, denseLineLocation } from "../../math/testing/dense-conv-index.js";
import type { LinearOperatorLayer } from "../linear-layer.js";

/** One column (L1) or row (L∞) of a layer's dense matrix, as weight indices. @internal */
export interface BruteLine {
  /** Flat indices of the stored weight (γ for batch norm) in this line, ascending. */
  readonly indices: readonly number[];
  /** The line's abs sum is `factor · Σ|W[indices]|`. */
  readonly factor: number;
  /** Channel and position of the line in the layer's own terms. */
  readonly channel: number;
  readonly position: readonly number[];
}

/**
 * Every column (L1) or row (L∞) of the layer's matrix from a dense brute-force materialisation,
 * in tie-rule order (channel-major, then row-major position). @internal
 */
export function bruteForceLines(layer: LinearOperatorLayer, norm: AbsSumNormKind): BruteLine[] {
  switch (layer.kind) {
    case "conv":
    case "convTranspose": {
      const g = layer.kind === "conv" ? layer.geometry : layer.adjoint;
      // A ConvTranspose's matrix is the adjoint conv's transpose: its columns are the conv's rows.
      const convNorm = layer.kind === "conv" ? norm : norm === "l1" ? "linf" : "l1";
      const dense = denseConvIndex(g);
      const count = convNorm === "l1" ? dense.cols : dense.rows;
      return Array.from({ length: count }, (_, line) => ({
        indices: denseLineIndices(dense, convNorm, line),
        factor: 1,
        ...denseLineLocation(g, convNorm, line),
      }));
    }
    case "linear": {
      const { rows, cols, transposed } = layer;
      const at = (i: number, j: number) => (transposed ? j * rows + i : i * cols + j);
      const count = norm === "l1" ? cols : rows;
      return Array.from({ length: count }, (_, k) => ({
        indices: Array.from({ length: norm === "l1" ? rows : cols }, (_, m) =>
          norm === "l1" ? at(m, k) : at(k, m),
        ).sort((a, b) => a - b),
        factor: Math.abs(layer.scale),
        channel: k,
        position: [],
      }));
    }
    case "batchNorm":
      return Array.from(layer.scale, (_, c) => ({
        indices: [c],
        factor: 1 / Math.sqrt(layer.variance[c] + layer.epsilon),
        channel: c,
        position: [],
      }));
  }
}

/** Abs sum of each line for weight `w`. @internal */
export function lineSums(lines: readonly BruteLine[], w: ArrayLike<number>): number[] {
  return lines.map((l) => l.factor * l.indices.reduce((s, i) => s + Math.abs(w[i]), 0));
}

/** The brute-force norm: the largest line sum (0 without lines). @internal */
export function bruteForceNorm(lines: readonly BruteLine[], w: ArrayLike<number>): number {
  return Math.max(0, ...lineSums(lines, w));
}
