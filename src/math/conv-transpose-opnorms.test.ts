import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ConvTransposeGeometryOptions,
  makeConvTransposeAdjointGeometry,
} from "./conv-transpose-geometry.js";
import { convTransposeOperatorNorms } from "./conv-transpose-opnorms.js";
import { caseName, convTransposeCase, kernelOf, type RandomCase } from "./testing/conv-case-arbitraries.js";
import { denseAbsSumNorms } from "./testing/dense-abs-sums.js";
import { denseConvTransposeMatrix } from "./testing/dense-conv-matrix.js";
import { normMismatch } from "./testing/norm-mismatch.js";

const BOTH = { l1: true, linf: true } as const;

function checkAgainstDense(c: RandomCase<ConvTransposeGeometryOptions>): void {
  const name = caseName(c);
  const kernel = kernelOf(c);
  const dense = denseConvTransposeMatrix(kernel, c.options);
  const sums = denseAbsSumNorms(dense, c.options.inputSpatial, dense.outputSpatial);
  const got = convTransposeOperatorNorms(kernel, makeConvTransposeAdjointGeometry(c.options), BOTH);
  const tolerance = c.kind === "integers" ? 0 : 1e-12;
  expect(
    normMismatch(`${name} L1`, got.l1, sums.columnSums, c.options.inputSpatial, tolerance),
  ).toBeUndefined();
  expect(normMismatch(`${name} L∞`, got.linf, sums.rowSums, dense.outputSpatial, tolerance)).toBeUndefined();
}

describe("convTransposeOperatorNorms: golden cases", () => {
  // onnx test_convtranspose_autopad_same: X 1×1×3×3, W ones 1×2×3×3, strides 2, SAME_UPPER → 6×6.
  const options: ConvTransposeGeometryOptions = {
    inChannels: 1,
    outChannels: 2,
    inputSpatial: [3, 3],
    kernelSpatial: [3, 3],
    strides: [2, 2],
    autoPad: "SAME_UPPER",
  };

  it("x=[1,3,3] k=[3,3] s=[2,2] SAME_UPPER ones: hand-computed norms and maximisers", () => {
    const norms = convTransposeOperatorNorms(
      new Float32Array(18).fill(1),
      makeConvTransposeAdjointGeometry(options),
      BOTH,
    );
    // Input [0,0] writes 3×3 outputs in each of 2 channels; the last input row/column loses one
    // output row/column to the SAME_UPPER crop.
    expect(norms.l1).toEqual({ value: 18, channel: 0, position: [0, 0] });
    // Output [2,2] is the first written by 2×2 inputs (taps {0,2} on each axis).
    expect(norms.linf).toEqual({ value: 4, channel: 0, position: [2, 2] });
  });

  it("the dense ConvTranspose reproduces the onnx expected output", () => {
    const m = denseConvTransposeMatrix(new Float64Array(18).fill(1), options);
    const x = Array.from({ length: 9 }, (_, i) => i);
    const y = Array.from({ length: m.rows }, (_, i) =>
      x.reduce((s, xv, j) => s + m.data[i * m.cols + j] * xv, 0),
    );
    const channel = [
      [0, 0, 1, 1, 3, 2],
      [0, 0, 1, 1, 3, 2],
      [3, 3, 8, 5, 12, 7],
      [3, 3, 7, 4, 9, 5],
      [9, 9, 20, 11, 24, 13],
      [6, 6, 13, 7, 15, 8],
    ].flat();
    expect(y).toEqual([...channel, ...channel]);
  });

  it("x=[1,3,3] k=[3,3] s=[3,2] output_shape=[10,8]: the padded row and column are all zero", () => {
    const shaped = { ...options, strides: [3, 2], autoPad: "NOTSET" as const, outputShape: [10, 8] };
    const m = denseConvTransposeMatrix(new Float64Array(18).fill(1), shaped);
    expect(m.outputSpatial).toEqual([10, 8]);
    const norms = convTransposeOperatorNorms(
      new Float64Array(18).fill(1),
      makeConvTransposeAdjointGeometry(shaped),
      BOTH,
    );
    expect(norms.l1).toEqual({ value: 18, channel: 0, position: [0, 0] });
    // Stride 3 rows never overlap; columns overlap in pairs: max row sum 2, first at [0,2].
    expect(norms.linf).toEqual({ value: 2, channel: 0, position: [0, 2] });
  });

  it("computes only the requested norms", () => {
    const g = makeConvTransposeAdjointGeometry(options);
    const kernel = new Float64Array(18).fill(1);
    expect(Object.keys(convTransposeOperatorNorms(kernel, g, { l1: true, linf: false }))).toEqual(["l1"]);
    expect(Object.keys(convTransposeOperatorNorms(kernel, g, { l1: false, linf: true }))).toEqual(["linf"]);
    expect(convTransposeOperatorNorms(kernel, g, { l1: false, linf: false })).toEqual({});
  });
});

describe("convTransposeOperatorNorms vs the dense ConvTranspose matrix", () => {
  it("1-d: output_padding, output_shape (negative pads), auto_pad, groups", () => {
    const limits = { rank: 1, input: 6, kernel: 4, group: 3, cinG: 2, coutG: 3 };
    fc.assert(fc.property(convTransposeCase(limits, ["float64", "float32", "integers"]), checkAgainstDense), {
      numRuns: 400,
    });
  });

  it("2-d", () => {
    const limits = { rank: 2, input: 4, kernel: 3, group: 2, cinG: 2, coutG: 2 };
    fc.assert(fc.property(convTransposeCase(limits, ["float64", "float32", "integers"]), checkAgainstDense), {
      numRuns: 300,
    });
  });

  it("3-d", () => {
    const limits = { rank: 3, input: 3, kernel: 2, group: 2, cinG: 1, coutG: 2 };
    fc.assert(fc.property(convTransposeCase(limits, ["float64", "integers"]), checkAgainstDense), {
      numRuns: 60,
    });
  });
});
