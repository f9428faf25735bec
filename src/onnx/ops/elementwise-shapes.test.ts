import { describe, expect, it } from "vitest";
import { inferSingleOp } from "../testing/single-op-model.js";
import { int64Tensor } from "../testing/tensors.js";

const unary = (op: string, x: number[], opset = 13, outputs = 1) =>
  inferSingleOp({ op, inputs: ["x"], data: { x }, opset, outputs });

describe("shape-preserving ops", () => {
  it.each([
    ["Relu", 13],
    ["LeakyRelu", 13],
    ["Sigmoid", 13],
    ["Tanh", 13],
    ["Clip", 13],
    ["Elu", 13],
    ["Selu", 13],
    ["HardSigmoid", 13],
    ["HardSwish", 14],
    ["Softplus", 13],
    ["Gelu", 20],
    ["Erf", 13],
    ["Exp", 13],
    ["Neg", 13],
    ["Abs", 13],
    ["Sqrt", 13],
    ["Identity", 13],
    ["Dropout", 13],
    ["Softmax", 13],
    ["LogSoftmax", 13],
  ])("%s (opset %i) x=[2,3,4] keeps its shape", (op, opset) => {
    expect(unary(op, [2, 3, 4], opset)).toEqual([2, 3, 4]);
  });

  it("Cast to INT64 keeps the shape", () => {
    const spec = { op: "Cast", inputs: ["x"], data: { x: [2, 3] }, attributes: { to: 7 } };
    expect(inferSingleOp(spec)).toEqual([2, 3]);
  });

  it("Dropout's mask output has the input's shape", () => {
    expect(inferSingleOp({ op: "Dropout", inputs: ["x"], data: { x: [2, 5] }, outputs: 2 }, 1)).toEqual([
      2, 5,
    ]);
  });

  it("Gelu before opset 20 has no rule (output unknown)", () => {
    expect(unary("Gelu", [2, 3], 17)).toBeUndefined();
  });
});

describe("broadcasting binary ops", () => {
  it.each([
    ["Add [2,3,4]+[4]", "Add", [2, 3, 4], [4], [2, 3, 4]],
    ["Sub [2,1,4]-[3,1]", "Sub", [2, 1, 4], [3, 1], [2, 3, 4]],
    ["Mul [1,3,1,1]*[2,3,5,5]", "Mul", [1, 3, 1, 1], [2, 3, 5, 5], [2, 3, 5, 5]],
    ["Div [5]/[]", "Div", [5], [], [5]],
    ["Pow [2,3]^[1,3]", "Pow", [2, 3], [1, 3], [2, 3]],
    ["Max [4,1]∨[1,6]", "Max", [4, 1], [1, 6], [4, 6]],
    ["Min [3]∧[2,3]", "Min", [3], [2, 3], [2, 3]],
  ])("%s", (_, op, a, b, expected) => {
    expect(inferSingleOp({ op, inputs: ["a", "b"], data: { a, b } })).toEqual(expected);
  });

  it("throws when [2,3] and [4,3] do not broadcast", () => {
    expect(() => inferSingleOp({ op: "Add", inputs: ["a", "b"], data: { a: [2, 3], b: [4, 3] } })).toThrow(
      /Add node 'n': shapes \[2, 3\] and \[4, 3\] do not broadcast/,
    );
  });
});

describe("Gemm / MatMul", () => {
  it.each([
    ["Gemm A=[4,3] B=[3,5]", [4, 3], [3, 5], {}, [4, 5]],
    ["Gemm A=[3,4] B=[3,5] transA", [3, 4], [3, 5], { transA: 1 }, [4, 5]],
    ["Gemm A=[4,3] B=[5,3] transB", [4, 3], [5, 3], { transB: 1 }, [4, 5]],
  ])("%s", (_, a, b, attributes, expected) => {
    expect(inferSingleOp({ op: "Gemm", inputs: ["a", "b"], data: { a, b }, attributes })).toEqual(expected);
  });

  it("throws when Gemm inner dims differ", () => {
    expect(() => inferSingleOp({ op: "Gemm", inputs: ["a", "b"], data: { a: [4, 3], b: [4, 5] } })).toThrow(
      /Gemm node 'n'/,
    );
  });

  it.each([
    ["MatMul [4,3]·[3,5]", [4, 3], [3, 5], [4, 5]],
    ["MatMul [3]·[3,5]", [3], [3, 5], [5]],
    ["MatMul [4,3]·[3]", [4, 3], [3], [4]],
    ["MatMul [2,1,4,3]·[6,3,5] (batch broadcast)", [2, 1, 4, 3], [6, 3, 5], [2, 6, 4, 5]],
  ])("%s", (_, a, b, expected) => {
    expect(inferSingleOp({ op: "MatMul", inputs: ["a", "b"], data: { a, b } })).toEqual(expected);
  });
});

describe("ReduceMean", () => {
  it.each([
    ["opset 13 axes=[2,3] keepdims=1", 13, { axes: [2, 3] }, [2, 3, 1, 1]],
    ["opset 13 axes=[-1] keepdims=0", 13, { axes: [-1], keepdims: 0 }, [2, 3, 4]],
    ["opset 13 no axes keepdims=0", 13, { keepdims: 0 }, []],
  ])("x=[2,3,4,5] %s", (_, opset, attributes, expected) => {
    expect(
      inferSingleOp({ op: "ReduceMean", inputs: ["x"], data: { x: [2, 3, 4, 5] }, attributes, opset }),
    ).toEqual(expected);
  });

  it("ReduceSum opset 13 x=[2,3,4,5] axes input [-1,1] keepdims=1 → [2,1,4,1]", () => {
    const spec = {
      op: "ReduceSum",
      inputs: ["x", "axes"],
      data: { x: [2, 3, 4, 5] },
      initializers: [int64Tensor("axes", [-1, 1])],
    };
    expect(inferSingleOp(spec)).toEqual([2, 1, 4, 1]);
  });

  it("opset 18 x=[2,3,4,5] axes input [1] keepdims=0 → [2,4,5]", () => {
    const spec = {
      op: "ReduceMean",
      inputs: ["x", "axes"],
      data: { x: [2, 3, 4, 5] },
      initializers: [int64Tensor("axes", [1])],
      attributes: { keepdims: 0 },
      opset: 18,
    };
    expect(inferSingleOp(spec)).toEqual([2, 4, 5]);
  });
});
