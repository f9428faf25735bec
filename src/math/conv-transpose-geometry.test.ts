import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConvGeometryError } from "./conv-geometry.js";
import {
  type ConvTransposeGeometryOptions,
  makeConvTransposeAdjointGeometry,
} from "./conv-transpose-geometry.js";
import { caseName, convTransposeCase, kernelOf } from "./testing/conv-case-arbitraries.js";
import { denseConvMatrix, denseConvTransposeMatrix } from "./testing/dense-conv-matrix.js";

function adjoint(
  options: Partial<ConvTransposeGeometryOptions> & Pick<ConvTransposeGeometryOptions, "inputSpatial">,
) {
  return makeConvTransposeAdjointGeometry({
    inChannels: 1,
    outChannels: 1,
    kernelSpatial: options.inputSpatial.map(() => 3),
    ...options,
  });
}

describe("makeConvTransposeAdjointGeometry", () => {
  it("x=[2,4] k=[3] s=[2] p=[1,1] op=[1] (PyTorch's 2× upsampler): output 8, adjoint padEnd 0", () => {
    const g = adjoint({
      inChannels: 2,
      outChannels: 6,
      group: 2,
      inputSpatial: [4],
      strides: [2],
      pads: [1, 1],
      outputPadding: [1],
    });
    expect(g).toEqual({
      inChannels: 6,
      outChannels: 2,
      group: 2,
      inputSpatial: [8],
      kernelSpatial: [3],
      strides: [2],
      dilations: [1],
      padsBegin: [1],
      padsEnd: [0],
      outputSpatial: [4],
    });
  });

  it("x=[1,3,3] k=[3,3] s=[2,2] SAME_UPPER (onnx test_convtranspose_autopad_same): 6×6, pads [0,1] per axis", () => {
    const g = adjoint({ inputSpatial: [3, 3], strides: [2, 2], autoPad: "SAME_UPPER" });
    expect([g.inputSpatial, g.padsBegin, g.padsEnd]).toEqual([
      [6, 6],
      [0, 0],
      [1, 1],
    ]);
    const lower = adjoint({ inputSpatial: [3, 3], strides: [2, 2], autoPad: "SAME_LOWER" });
    expect([lower.inputSpatial, lower.padsBegin, lower.padsEnd]).toEqual([
      [6, 6],
      [1, 1],
      [0, 0],
    ]);
  });

  it("x=[1,3,3] k=[3,3] s=[3,2] output_shape=[10,8] (onnx test_convtranspose_output_shape): negative padEnd", () => {
    const g = adjoint({ inputSpatial: [3, 3], strides: [3, 2], outputShape: [10, 8] });
    expect([g.inputSpatial, g.padsBegin, g.padsEnd, g.outputSpatial]).toEqual([
      [10, 8],
      [0, 0],
      [-1, -1],
      [3, 3],
    ]);
    // output_padding [1,1] gives the same output; output_shape then needs no padding at all.
    const padded = adjoint({
      inputSpatial: [3, 3],
      strides: [3, 2],
      outputShape: [1, 1, 10, 8],
      outputPadding: [1, 1],
    });
    expect([padded.inputSpatial, padded.padsBegin, padded.padsEnd]).toEqual([
      [10, 8],
      [0, 0],
      [-1, -1],
    ]);
  });

  it("x=[1,4] k=[3] VALID: full output, no pads", () => {
    const g = adjoint({ inputSpatial: [4], autoPad: "VALID", pads: [5, 5] });
    expect([g.inputSpatial, g.padsBegin, g.padsEnd]).toEqual([[6], [0], [0]]);
  });

  it("its conv matrix is exactly the transpose of the ConvTranspose matrix (random configurations)", () => {
    const limits = { rank: 2, input: 4, kernel: 3, group: 2, cinG: 2, coutG: 2 };
    fc.assert(
      fc.property(convTransposeCase(limits, ["integers", "float64"]), (c) => {
        const name = caseName(c);
        const g = makeConvTransposeAdjointGeometry(c.options);
        const convT = denseConvTransposeMatrix(kernelOf(c), c.options);
        expect(g.inputSpatial, name).toEqual(convT.outputSpatial);
        const conv = denseConvMatrix(kernelOf(c), g);
        expect([conv.rows, conv.cols], name).toEqual([convT.cols, convT.rows]);
        for (let i = 0; i < conv.rows; i++) {
          for (let j = 0; j < conv.cols; j++) {
            if (conv.data[i * conv.cols + j] !== convT.data[j * convT.cols + i])
              expect.fail(`${name}: conv[${i},${j}] ≠ convTᵀ`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("throws when output_padding is not below max(stride, dilation)", () => {
    expect(() => adjoint({ inputSpatial: [4], strides: [2], outputPadding: [2] })).toThrow(ConvGeometryError);
    expect(() => adjoint({ inputSpatial: [4], strides: [2], outputPadding: [2] })).toThrow(
      /makeConvTransposeAdjointGeometry: output_padding must be an integer in \[0, max\(stride, dilation\)\) on axis 0, got 2/,
    );
    expect(() => adjoint({ inputSpatial: [4], dilations: [3], outputPadding: [2] })).not.toThrow();
  });

  it("throws when output_padding has the wrong rank", () => {
    expect(() => adjoint({ inputSpatial: [4, 4], outputPadding: [1] })).toThrow(
      /output_padding has 1 entries, expected 2/,
    );
  });

  it("throws when the pads leave no output", () => {
    // Full output 1·(2−1) + 3 = 4; pads 2 + 2 remove all of it.
    expect(() => adjoint({ inputSpatial: [2], pads: [2, 2] })).toThrow(/output size 0 on axis 0/);
  });

  it("throws when pads are negative or have the wrong length", () => {
    expect(() => adjoint({ inputSpatial: [4], pads: [-1, 0] })).toThrow(
      /pads must be non-negative integers on axis 0/,
    );
    expect(() => adjoint({ inputSpatial: [4], pads: [1, 1, 1] })).toThrow(/pads has 3 entries, expected 2/);
  });

  it("throws when output_shape is not positive or has the wrong rank", () => {
    expect(() => adjoint({ inputSpatial: [4], outputShape: [0] })).toThrow(
      /output_shape must be positive integers/,
    );
    expect(() => adjoint({ inputSpatial: [4, 4], outputShape: [8, 8, 8] })).toThrow(
      /output_shape has 3 entries, expected 2/,
    );
  });

  it("throws when channels do not divide by the group (shared conv checks, own name)", () => {
    expect(() => adjoint({ inChannels: 3, outChannels: 4, group: 2, inputSpatial: [4] })).toThrow(
      /makeConvTransposeAdjointGeometry: input channels 3 not divisible by group 2/,
    );
    expect(() => adjoint({ inputSpatial: [4], strides: [0] })).toThrow(/stride must be ≥ 1 on axis 0/);
  });
});
