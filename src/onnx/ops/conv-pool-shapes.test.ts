import { describe, expect, it } from "vitest";
import { floatAttr } from "../testing/onnx-builder.js";
import { inferSingleOp } from "../testing/single-op-model.js";
import { randomFloatTensor } from "../testing/tensors.js";

const conv = (x: number[], w: number[], attributes = {}) =>
  inferSingleOp({
    op: "Conv",
    inputs: ["x", "w"],
    data: { x },
    initializers: [randomFloatTensor("w", w, 1)],
    attributes,
  });

const convT = (x: number[], w: number[], attributes = {}) =>
  inferSingleOp({
    op: "ConvTranspose",
    inputs: ["x", "w"],
    data: { x },
    initializers: [randomFloatTensor("w", w, 1)],
    attributes,
  });

describe("Conv shape", () => {
  it.each([
    ["x=[1,3,8,8] k=3", [1, 3, 8, 8], [4, 3, 3, 3], {}, [1, 4, 6, 6]],
    ["x=[1,3,8,8] k=3 p=1", [1, 3, 8, 8], [4, 3, 3, 3], { pads: [1, 1, 1, 1] }, [1, 4, 8, 8]],
    ["x=[1,3,9,9] k=3 s=2", [1, 3, 9, 9], [4, 3, 3, 3], { strides: [2, 2] }, [1, 4, 4, 4]],
    ["x=[1,3,8,8] k=3 d=2", [1, 3, 8, 8], [4, 3, 3, 3], { dilations: [2, 2] }, [1, 4, 4, 4]],
    ["x=[1,4,8,8] g=2", [1, 4, 8, 8], [6, 2, 1, 1], { group: 2 }, [1, 6, 8, 8]],
    [
      "x=[1,3,7,7] s=2 SAME_UPPER",
      [1, 3, 7, 7],
      [4, 3, 3, 3],
      { strides: [2, 2], auto_pad: "SAME_UPPER" },
      [1, 4, 4, 4],
    ],
    ["x=[1,3,7,7] VALID", [1, 3, 7, 7], [4, 3, 3, 3], { auto_pad: "VALID" }, [1, 4, 5, 5]],
    ["x=[1,3,5,6] pads=[0,1,1,2]", [1, 3, 5, 6], [4, 3, 3, 3], { pads: [0, 1, 1, 2] }, [1, 4, 4, 7]],
    ["x=[2,2,17] 1-d s=2", [2, 2, 17], [4, 2, 3], { strides: [2] }, [2, 4, 8]],
    [
      "x=[1,3,2,2] k=3 p=1 (input smaller than kernel)",
      [1, 3, 2, 2],
      [4, 3, 3, 3],
      { pads: [1, 1, 1, 1] },
      [1, 4, 2, 2],
    ],
  ])("%s", (_, x, w, attributes, expected) => {
    expect(conv(x, w, attributes)).toEqual(expected);
  });

  it("throws when channels do not match the weight (INVALID_ARGUMENT naming the node)", () => {
    expect(() => conv([1, 5, 8, 8], [4, 3, 3, 3])).toThrow(/Conv node 'n'.*5 channels/);
  });
});

describe("ConvTranspose shape", () => {
  it.each([
    ["x=[1,4,5,5] k=3 s=2", [1, 4, 5, 5], [4, 2, 3, 3], { strides: [2, 2] }, [1, 2, 11, 11]],
    [
      "x=[1,4,5,5] k=3 s=2 p=1 op=1",
      [1, 4, 5, 5],
      [4, 2, 3, 3],
      { strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1] },
      [1, 2, 10, 10],
    ],
    ["x=[1,4,5,5] g=2", [1, 4, 5, 5], [4, 3, 3, 3], { group: 2 }, [1, 6, 7, 7]],
    [
      "x=[1,4,5,5] s=2 output_shape=[10,10]",
      [1, 4, 5, 5],
      [4, 2, 3, 3],
      { strides: [2, 2], output_shape: [10, 10] },
      [1, 2, 10, 10],
    ],
    [
      "x=[1,4,5,5] s=2 SAME_UPPER",
      [1, 4, 5, 5],
      [4, 2, 3, 3],
      { strides: [2, 2], auto_pad: "SAME_UPPER" },
      [1, 2, 10, 10],
    ],
    [
      "x=[1,4,6] 1-d s=3 d=2 op=2",
      [1, 4, 6],
      [4, 1, 3],
      { strides: [3], dilations: [2], output_padding: [2] },
      [1, 1, 22],
    ],
  ])("%s", (_, x, w, attributes, expected) => {
    expect(convT(x, w, attributes)).toEqual(expected);
  });
});

describe("pool shapes", () => {
  const pool = (op: string, x: number[], attributes: Record<string, number | number[] | string>) =>
    inferSingleOp({ op, inputs: ["x"], data: { x }, attributes, outputs: op === "MaxPool" ? 2 : 1 });

  it.each([
    [
      "MaxPool x=[1,2,8,8] k=2 s=2",
      "MaxPool",
      [1, 2, 8, 8],
      { kernel_shape: [2, 2], strides: [2, 2] },
      [1, 2, 4, 4],
    ],
    [
      "MaxPool x=[1,2,7,7] k=2 s=2 ceil",
      "MaxPool",
      [1, 2, 7, 7],
      { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 },
      [1, 2, 4, 4],
    ],
    [
      "MaxPool x=[1,2,5,5] k=2 s=2 p=1 ceil (last window dropped)",
      "MaxPool",
      [1, 2, 5, 5],
      { kernel_shape: [2, 2], strides: [2, 2], pads: [1, 1, 1, 1], ceil_mode: 1 },
      [1, 2, 3, 3],
    ],
    [
      "MaxPool x=[1,2,8,8] k=3 s=1 d=2",
      "MaxPool",
      [1, 2, 8, 8],
      { kernel_shape: [3, 3], dilations: [2, 2] },
      [1, 2, 4, 4],
    ],
    [
      "MaxPool x=[1,2,32,32] k=3 s=2 p=1 (ResNet stem)",
      "MaxPool",
      [1, 2, 32, 32],
      { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] },
      [1, 2, 16, 16],
    ],
    [
      "AveragePool x=[1,2,7,7] k=3 s=2 SAME_LOWER",
      "AveragePool",
      [1, 2, 7, 7],
      { kernel_shape: [3, 3], strides: [2, 2], auto_pad: "SAME_LOWER" },
      [1, 2, 4, 4],
    ],
    [
      "AveragePool x=[1,2,7,7] k=3 s=2 VALID",
      "AveragePool",
      [1, 2, 7, 7],
      { kernel_shape: [3, 3], strides: [2, 2], auto_pad: "VALID" },
      [1, 2, 3, 3],
    ],
    [
      "LpPool x=[1,2,6,6] k=2 s=2",
      "LpPool",
      [1, 2, 6, 6],
      { kernel_shape: [2, 2], strides: [2, 2] },
      [1, 2, 3, 3],
    ],
  ])("%s", (_, op, x, attributes, expected) => {
    expect(pool(op, x, attributes)).toEqual(expected);
  });

  it("MaxPool indices output has the output's shape", () => {
    const spec = {
      op: "MaxPool",
      inputs: ["x"],
      data: { x: [1, 2, 4, 4] },
      attributes: { kernel_shape: [2, 2], strides: [2, 2] },
      outputs: 2,
    };
    expect(inferSingleOp(spec, 1)).toEqual([1, 2, 2, 2]);
  });

  it.each(["GlobalAveragePool", "GlobalMaxPool"])("%s x=[2,3,5,7] → [2,3,1,1]", (op) => {
    expect(inferSingleOp({ op, inputs: ["x"], data: { x: [2, 3, 5, 7] } })).toEqual([2, 3, 1, 1]);
  });

  it("throws when kernel_shape is missing", () => {
    expect(() => pool("MaxPool", [1, 1, 4, 4], { strides: [1, 1] })).toThrow(
      /required attribute 'kernel_shape'/,
    );
  });

  it("BatchNormalization keeps the shape (epsilon as float attribute)", () => {
    const inits = ["s", "b", "m", "v"].map((n, k) => randomFloatTensor(n, [3], k, 0.5, 1));
    const spec = {
      op: "BatchNormalization",
      inputs: ["x", "s", "b", "m", "v"],
      data: { x: [1, 3, 4, 4] },
      initializers: inits,
      attributes: { epsilon: floatAttr(1e-3) },
    };
    expect(inferSingleOp(spec)).toEqual([1, 3, 4, 4]);
  });
});
