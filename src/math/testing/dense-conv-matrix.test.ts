import { describe, expect, it } from "vitest";
import { makeConvGeometry } from "../conv-geometry.js";
import { type DenseMatrix, denseConvMatrix } from "./dense-conv-matrix.js";

function apply(m: DenseMatrix, x: readonly number[]): number[] {
  return Array.from({ length: m.rows }, (_, i) => x.reduce((s, xv, j) => s + m.data[i * m.cols + j] * xv, 0));
}

describe("denseConvMatrix (the brute-force reference itself)", () => {
  // onnx/backend/test/case/node/conv.py: x = 0..24 on 5×5, W = ones 3×3.
  const x = Array.from({ length: 25 }, (_, i) => i);
  const ones = new Float64Array(9).fill(1);

  it("x=[1,5,5] k=[3,3] p=[1,1,1,1]: onnx test_basic_conv_with_padding", () => {
    const g = makeConvGeometry({
      inChannels: 1,
      outChannels: 1,
      inputSpatial: [5, 5],
      kernelSpatial: [3, 3],
      pads: [1, 1, 1, 1],
    });
    expect(apply(denseConvMatrix(ones, g), x)).toEqual(
      [
        [12, 21, 27, 33, 24],
        [33, 54, 63, 72, 51],
        [63, 99, 108, 117, 81],
        [93, 144, 153, 162, 111],
        [72, 111, 117, 123, 84],
      ].flat(),
    );
  });

  it("x=[1,5,5] k=[3,3]: onnx test_basic_conv_without_padding", () => {
    const g = makeConvGeometry({
      inChannels: 1,
      outChannels: 1,
      inputSpatial: [5, 5],
      kernelSpatial: [3, 3],
    });
    expect(apply(denseConvMatrix(ones, g), x)).toEqual([54, 63, 72, 99, 108, 117, 144, 153, 162]);
  });

  it("x=[1,7,5] k=[3,3] s=[2,2] p=[1,0,1,0]: onnx test_conv_with_strides_and_asymmetric_padding", () => {
    const x35 = Array.from({ length: 35 }, (_, i) => i);
    const g = makeConvGeometry({
      inChannels: 1,
      outChannels: 1,
      inputSpatial: [7, 5],
      kernelSpatial: [3, 3],
      strides: [2, 2],
      pads: [1, 0, 1, 0],
    });
    expect(apply(denseConvMatrix(ones, g), x35)).toEqual([21, 33, 99, 117, 189, 207, 171, 183]);
  });
});
