import { describe, expect, it } from "vitest";
import { floatsAttr } from "../testing/onnx-builder.js";
import { inferSingleOp, type SingleOpSpec } from "../testing/single-op-model.js";
import { floatTensor, int64Tensor } from "../testing/tensors.js";

/** Output shape of `op` on data input x, with constant int64 inputs given by name → values. */
function infer(
  op: string,
  x: number[],
  constants: Record<string, number[]> = {},
  attributes: SingleOpSpec["attributes"] = {},
  opset = 13,
) {
  const names = Object.keys(constants);
  return inferSingleOp({
    op,
    inputs: ["x", ...names.map((n) => (n.startsWith("_") ? "" : n))],
    data: { x },
    initializers: names.filter((n) => !n.startsWith("_")).map((n) => int64Tensor(n, constants[n])),
    attributes,
    opset,
  });
}

describe("Reshape", () => {
  it.each([
    ["x=[2,3,4] shape=[6,4]", [2, 3, 4], [6, 4], 0, [6, 4]],
    ["x=[2,3,4] shape=[0,-1] (0 copies)", [2, 3, 4], [0, -1], 0, [2, 12]],
    ["x=[2,3,4] shape=[-1]", [2, 3, 4], [-1], 0, [24]],
    ["x=[2,3,4] shape=[2,0,4] allowzero=0", [2, 3, 4], [2, 0, 4], 0, [2, 3, 4]],
  ])("%s", (_, x, shape, allowzero, expected) => {
    expect(infer("Reshape", x, { shape }, { allowzero }, 14)).toEqual(expected);
  });

  it("throws when allowzero=1 makes 0 literal: x=[2,3] shape=[0,-1]", () => {
    expect(() => infer("Reshape", [2, 3], { shape: [0, -1] }, { allowzero: 1 }, 14)).toThrow(
      /cannot reshape/,
    );
  });

  it("Reshape-1 x=[2,3,4] shape attribute [4,6]", () => {
    expect(infer("Reshape", [2, 3, 4], {}, { shape: [4, 6] }, 4)).toEqual([4, 6]);
  });

  it("throws when the element count changes", () => {
    expect(() => infer("Reshape", [2, 3], { shape: [4, 2] })).toThrow(
      /Reshape node 'n': cannot reshape \[2, 3\]/,
    );
  });

  it("leaves the output unknown when the shape is not constant", () => {
    const spec = { op: "Reshape", inputs: ["x", "s"], data: { x: [2, 3], s: [2] } };
    expect(inferSingleOp(spec)).toBeUndefined();
  });
});

describe("Flatten / Squeeze / Unsqueeze / Transpose", () => {
  it.each([
    ["Flatten x=[2,3,4,5] axis=1", [2, 3, 4, 5], 1, [2, 60]],
    ["Flatten x=[2,3,4,5] axis=0", [2, 3, 4, 5], 0, [1, 120]],
    ["Flatten x=[2,3,4,5] axis=-1", [2, 3, 4, 5], -1, [24, 5]],
  ])("%s", (_, x, axis, expected) => {
    expect(infer("Flatten", x, {}, { axis })).toEqual(expected);
  });

  it("Squeeze-13 x=[1,3,1,5] axes input [0,-2] → [3,5]", () => {
    expect(infer("Squeeze", [1, 3, 1, 5], { axes: [0, -2] })).toEqual([3, 5]);
  });
  it("Squeeze-13 x=[1,3,1,5] no axes → [3,5]", () => {
    expect(infer("Squeeze", [1, 3, 1, 5])).toEqual([3, 5]);
  });
  it("Squeeze-11 x=[1,3,1,5] axes attribute [2] → [1,3,5]", () => {
    expect(infer("Squeeze", [1, 3, 1, 5], {}, { axes: [2] }, 11)).toEqual([1, 3, 5]);
  });
  it("Unsqueeze-13 x=[3,5] axes input [0,3] → [1,3,5,1]", () => {
    expect(infer("Unsqueeze", [3, 5], { axes: [0, 3] })).toEqual([1, 3, 5, 1]);
  });
  it("Unsqueeze-11 x=[3,5] axes attribute [-1] → [3,5,1]", () => {
    expect(infer("Unsqueeze", [3, 5], {}, { axes: [-1] }, 11)).toEqual([3, 5, 1]);
  });
  it("throws when Squeeze targets an axis of size 3", () => {
    expect(() => infer("Squeeze", [1, 3], { axes: [1] })).toThrow(/cannot squeeze axis 1/);
  });
  it("Transpose x=[2,3,4] perm=[2,0,1] → [4,2,3]; default perm reverses", () => {
    expect(infer("Transpose", [2, 3, 4], {}, { perm: [2, 0, 1] })).toEqual([4, 2, 3]);
    expect(infer("Transpose", [2, 3, 4])).toEqual([4, 3, 2]);
  });
});

describe("Concat / Pad", () => {
  it("Concat axis=1 [1,2,4] + [1,3,4] → [1,5,4]", () => {
    const spec = {
      op: "Concat",
      inputs: ["a", "b"],
      data: { a: [1, 2, 4], b: [1, 3, 4] },
      attributes: { axis: 1 },
    };
    expect(inferSingleOp(spec)).toEqual([1, 5, 4]);
  });
  it("throws when Concat inputs differ off the axis", () => {
    const spec = {
      op: "Concat",
      inputs: ["a", "b"],
      data: { a: [1, 2, 4], b: [1, 3, 5] },
      attributes: { axis: 1 },
    };
    expect(() => inferSingleOp(spec)).toThrow(/Concat node 'n'.*differ off axis 1/);
  });
  it("Pad-13 x=[1,2,5,5] pads input [0,0,1,2,0,0,3,-1] → [1,2,9,6]", () => {
    expect(infer("Pad", [1, 2, 5, 5], { pads: [0, 0, 1, 2, 0, 0, 3, -1] })).toEqual([1, 2, 9, 6]);
  });
  it("Pad-18 x=[1,2,5,5] pads [1,1,2,2] axes [2,3] → [1,2,8,8]", () => {
    const spec = {
      op: "Pad",
      inputs: ["x", "pads", "", "axes"],
      data: { x: [1, 2, 5, 5] },
      initializers: [int64Tensor("pads", [1, 1, 2, 2]), int64Tensor("axes", [2, 3])],
      opset: 18,
    };
    expect(inferSingleOp(spec)).toEqual([1, 2, 8, 8]);
  });
  it("Pad-2 x=[1,2,5,5] pads attribute → [1,2,7,6]", () => {
    expect(infer("Pad", [1, 2, 5, 5], {}, { pads: [0, 0, 1, 0, 0, 0, 1, 1] }, 10)).toEqual([1, 2, 7, 6]);
  });
});

describe("Resize / Upsample", () => {
  const resize = (x: number[], extra: { scales?: number[]; sizes?: number[] }, attributes = {}, opset = 13) =>
    inferSingleOp({
      op: "Resize",
      inputs: ["x", "", extra.scales ? "scales" : "", extra.sizes ? "sizes" : ""],
      data: { x },
      initializers: [
        ...(extra.scales ? [floatTensor("scales", [extra.scales.length], extra.scales)] : []),
        ...(extra.sizes ? [int64Tensor("sizes", extra.sizes)] : []),
      ],
      attributes,
      opset,
    });

  it("Resize-13 x=[1,2,5,5] scales [1,1,2,1.5] → [1,2,10,7]", () => {
    expect(resize([1, 2, 5, 5], { scales: [1, 1, 2, 1.5] })).toEqual([1, 2, 10, 7]);
  });
  it("Resize-13 x=[1,2,5,5] sizes [1,2,8,3] → [1,2,8,3]", () => {
    expect(resize([1, 2, 5, 5], { sizes: [1, 2, 8, 3] })).toEqual([1, 2, 8, 3]);
  });
  it("Resize-18 x=[3,5] sizes [6,6] not_smaller → [6,10]", () => {
    expect(resize([3, 5], { sizes: [6, 6] }, { keep_aspect_ratio_policy: "not_smaller" }, 18)).toEqual([
      6, 10,
    ]);
  });
  it("Resize-18 x=[1,2,4,6] axes [2,3] sizes [8,8] not_larger → [1,2,5,8]", () => {
    const out = resize(
      [1, 2, 4, 6],
      { sizes: [8, 8] },
      { axes: [2, 3], keep_aspect_ratio_policy: "not_larger" },
      18,
    );
    expect(out).toEqual([1, 2, 5, 8]);
  });
  it("Resize-10 x=[1,1,3,3] scales input [1,1,2,2] → [1,1,6,6]", () => {
    const spec = {
      op: "Resize",
      inputs: ["x", "s"],
      data: { x: [1, 1, 3, 3] },
      initializers: [floatTensor("s", [4], [1, 1, 2, 2])],
      opset: 10,
    };
    expect(inferSingleOp(spec)).toEqual([1, 1, 6, 6]);
  });
  it("Upsample-7 x=[1,1,3,3] scales attribute [1,1,2,3] → [1,1,6,9]", () => {
    expect(infer("Upsample", [1, 1, 3, 3], {}, { scales: floatsAttr([1, 1, 2, 3]) }, 7)).toEqual([
      1, 1, 6, 9,
    ]);
  });
  it("Upsample-9 x=[1,1,3,3] scales input → [1,1,6,6]", () => {
    const spec = {
      op: "Upsample",
      inputs: ["x", "s"],
      data: { x: [1, 1, 3, 3] },
      initializers: [floatTensor("s", [4], [1, 1, 2, 2])],
      opset: 9,
    };
    expect(inferSingleOp(spec)).toEqual([1, 1, 6, 6]);
  });
});
