import { describe, expect, it } from "vitest";
import type { LinearLayer, LinearOperatorLayer } from "../../norms/linear-layer.js";
import { parseOnnxModel } from "../parse-onnx-model.js";
import { buildModel, floatAttr, type NodeSpec, node } from "../testing/onnx-builder.js";
import { floatTensor } from "../testing/tensors.js";

/** M (out×in, scale applied) of a linear layer, read back from its storage convention. */
function matrixOf(layer: LinearOperatorLayer): number[][] {
  if (layer.kind !== "linear") throw new Error(`expected a linear layer, got ${layer.kind}`);
  const { rows, cols, weight, transposed, scale } = layer;
  return Array.from({ length: rows }, (_, i) =>
    Array.from(
      { length: cols },
      (_, j) => scale * (transposed ? weight[j * rows + i] : weight[i * cols + j]),
    ),
  );
}

/** The 2×3 matrix [[1,2,3],[4,5,6]] and its transpose, as row-major values. */
const M23 = [1, 2, 3, 4, 5, 6];
const M23T = [1, 4, 2, 5, 3, 6];
const M = [
  [1, 2, 3],
  [4, 5, 6],
];

function single(
  nodes: NodeSpec[],
  x: (number | string)[],
  initValues: number[],
  dims: number[],
): LinearLayer {
  const bytes = buildModel({
    inputs: [{ name: "x", shape: x }],
    nodes,
    initializers: [floatTensor("W", dims, initValues)],
  });
  const layers = parseOnnxModel(bytes).layers;
  expect(layers).toHaveLength(1);
  return layers[0] as LinearLayer;
}

describe("Gemm layers (weight B)", () => {
  it.each([
    // Y = X·B', B' = [in=3, out=2] = Mᵀ
    ["transB=0, B=[3,2]", { transB: 0 }, M23T, [3, 2], 1],
    ["transB=1, B=[2,3] (PyTorch Linear)", { transB: 1 }, M23, [2, 3], 1],
    ["transB=1 alpha=0.5", { transB: 1, alpha: 0.5 }, M23, [2, 3], 0.5],
    ["transA=1 transB=0 alpha=2", { transA: 1, transB: 0, alpha: floatAttr(2) }, M23T, [3, 2], 2],
  ])("%s", (_, attributes, values, dims, alpha) => {
    const x = "transA" in attributes && attributes.transA ? [3, "batch"] : ["batch", 3];
    const layer = single([node("Gemm", ["x", "W"], ["y"], attributes, "fc")], x, values, dims);
    expect(matrixOf(layer)).toEqual(M.map((r) => r.map((v) => alpha * v)));
    expect(layer).toMatchObject({ nodeName: "fc", opType: "Gemm", weightName: "W", rows: 2, cols: 3 });
    expect(layer.scale).toBe(alpha);
    expect([layer.inputShape, layer.outputShape]).toEqual([[3], [2]]);
  });

  it("weight A: Y = α·A'·X has the norms of α·A' (A=[2,3], alpha 3)", () => {
    const bytes = buildModel({
      inputs: [{ name: "x", shape: [3, 4] }],
      initializers: [floatTensor("A", [2, 3], M23)],
      nodes: [node("Gemm", ["A", "x"], ["y"], { alpha: floatAttr(3) })],
    });
    const [layer] = parseOnnxModel(bytes).layers;
    expect(matrixOf(layer)).toEqual(M.map((r) => r.map((v) => 3 * v)));
    expect(layer).toMatchObject({ nodeName: "Gemm_0", weightName: "A", inputShape: [3], outputShape: [2] });
  });

  it("weight A with transA=1: A=[3,2] stored, A' = M", () => {
    const bytes = buildModel({
      inputs: [{ name: "x", shape: [3, 4] }],
      initializers: [floatTensor("A", [3, 2], M23T)],
      nodes: [node("Gemm", ["A", "x"], ["y"], { transA: 1 })],
    });
    expect(matrixOf(parseOnnxModel(bytes).layers[0])).toEqual(M);
  });
});

describe("MatMul layers", () => {
  it("pre-transposed initializer W=[in,out] (constant-folded PyTorch Linear): transposed", () => {
    const layer = single([node("MatMul", ["x", "W"], ["y"])], ["batch", 3], M23T, [3, 2]);
    expect(layer.transposed).toBe(true);
    expect(matrixOf(layer)).toEqual(M);
    expect([layer.inputShape, layer.outputShape]).toEqual([[3], [2]]);
  });

  it("Transpose(perm=[1,0]) of an [out,in] initializer flips it back", () => {
    const nodes = [
      node("Transpose", ["W"], ["Wt"], { perm: [1, 0] }),
      node("MatMul", ["x", "Wt"], ["y"], {}, "mm"),
    ];
    const layer = single(nodes, ["batch", 3], M23, [2, 3]);
    expect(layer.transposed).toBe(false);
    expect(matrixOf(layer)).toEqual(M);
    expect(layer).toMatchObject({ nodeName: "mm", weightName: "W" });
  });

  it("Identity → Transpose → Identity chain still resolves to the initializer", () => {
    const nodes = [
      node("Identity", ["W"], ["W1"]),
      node("Transpose", ["W1"], ["W2"]),
      node("Identity", ["W2"], ["W3"]),
      node("MatMul", ["x", "W3"], ["y"]),
    ];
    const layer = single(nodes, ["batch", 3], M23, [2, 3]);
    expect(matrixOf(layer)).toEqual(M);
    expect(layer.weightName).toBe("W");
  });

  it("two Transposes cancel: W=[3,2] → Transpose → Transpose", () => {
    const nodes = [
      node("Transpose", ["W"], ["a"]),
      node("Transpose", ["a"], ["b"]),
      node("MatMul", ["x", "b"], ["y"]),
    ];
    expect(matrixOf(single(nodes, ["batch", 3], M23T, [3, 2]))).toEqual(M);
  });

  it("batched input x=[batch,5,3]·W=[3,2]: shapes keep the sequence axis", () => {
    const layer = single([node("MatMul", ["x", "W"], ["y"])], ["batch", 5, 3], M23T, [3, 2]);
    expect([layer.inputShape, layer.outputShape]).toEqual([
      [5, 3],
      [5, 2],
    ]);
  });

  it("constant on the left: Y = W·X gives M = W", () => {
    const bytes = buildModel({
      inputs: [{ name: "x", shape: ["batch", 3, 7] }],
      initializers: [floatTensor("W", [2, 3], M23)],
      nodes: [node("MatMul", ["W", "x"], ["y"])],
    });
    expect(matrixOf(parseOnnxModel(bytes).layers[0])).toEqual(M);
  });

  it("1-d weight w=[3]: a 1×3 matrix", () => {
    const bytes = buildModel({
      inputs: [{ name: "x", shape: ["batch", 3] }],
      initializers: [floatTensor("w", [3], [1, -2, 3])],
      nodes: [node("MatMul", ["x", "w"], ["y"])],
    });
    expect(matrixOf(parseOnnxModel(bytes).layers[0])).toEqual([[1, -2, 3]]);
  });

  it("MatMul of two data tensors is not a layer", () => {
    const bytes = buildModel({
      inputs: [
        { name: "a", shape: [2, 3] },
        { name: "b", shape: [3, 4] },
      ],
      nodes: [node("MatMul", ["a", "b"], ["y"])],
    });
    expect(parseOnnxModel(bytes).layers).toEqual([]);
  });
});
