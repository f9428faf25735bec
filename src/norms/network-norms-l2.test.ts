import { describe, expect, it } from "vitest";
import type { LayerNormsResult } from "./compute-norms.js";
import type { LayerSpectralNorm } from "./layer-spectral-norm.js";
import type { LinearLayer } from "./linear-layer.js";
import type { NetworkGraph, NetworkNode } from "./network-graph.js";
import { chainNetworkNorm, graphNetworkNorm } from "./network-norms.js";

function l2Result(name: string, l2: LayerSpectralNorm): LayerNormsResult {
  const layer: LinearLayer = {
    kind: "linear",
    nodeName: name,
    opType: "Gemm",
    weightName: `${name}.w`,
    inputShape: [1],
    outputShape: [1],
    weight: new Float64Array([1]),
    rows: 1,
    cols: 1,
    transposed: false,
    scale: 1,
  };
  return { layer, l2 };
}

const exact = (value: number): LayerSpectralNorm => ({ value, method: "exact" });

function node(
  name: string,
  opType: string,
  inputs: string[],
  outputs: string[],
  attributes = {},
): NetworkNode {
  return { name, opType, inputs, outputs, attributes };
}

function graph(nodes: NetworkNode[], shapes: Record<string, number[]> = {}): NetworkGraph {
  return {
    nodes,
    inputs: ["x"],
    outputs: [nodes[nodes.length - 1].outputs[0]],
    isConstant: (name) => name === "w",
    constantValues: () => undefined,
    shapeOf: (name) => shapes[name],
  };
}

describe("network-level L2 figures", () => {
  it("Concat of bounds 2 and 3: √(2² + 3²) in L2 (stacked outputs), not the sum", () => {
    const g = graph([
      node("fc1", "Gemm", ["x", "w"], ["a"]),
      node("fc2", "Gemm", ["x", "w"], ["b"]),
      node("cat", "Concat", ["a", "b"], ["y"], { axis: 1 }),
    ]);
    const result = graphNetworkNorm(g, [l2Result("fc1", exact(2)), l2Result("fc2", exact(3))], "l2");
    expect(result.lipschitzBound).toBeCloseTo(Math.sqrt(13), 15);
    expect(result.product).toBe(6);
  });

  it("max pool k=3: √(overlap) in L2 — s=1 gives √9 = 3, s=2 gives √(2·2) = 2", () => {
    const pool = (s: number) =>
      graph([node("p", "MaxPool", ["x"], ["y"], { kernel_shape: [3, 3], strides: [s, s] })]);
    expect(graphNetworkNorm(pool(1), [], "l2").lipschitzBound).toBe(3);
    expect(graphNetworkNorm(pool(2), [], "l2").lipschitzBound).toBe(2);
  });

  it("average pool k=2 s=2: 1/2 in L2 (each output averages 4 disjoint inputs: a row of norm 1/2)", () => {
    const g = graph([node("p", "AveragePool", ["x"], ["y"], { kernel_shape: [2, 2], strides: [2, 2] })]);
    expect(graphNetworkNorm(g, [], "l2").lipschitzBound).toBe(0.5);
  });

  it("global average pool over 4×4: 1/√16 in L2 (Cauchy–Schwarz), 1/16 in L1", () => {
    const g = graph([node("gap", "GlobalAveragePool", ["x"], ["y"])], { x: [1, 3, 4, 4] });
    expect(graphNetworkNorm(g, [], "l2").lipschitzBound).toBe(0.25);
  });

  it("residual y = x + fc(x) in L2: 1 + the layer's upper bound, while the product uses the estimate", () => {
    const g = graph([node("fc", "Gemm", ["x", "w"], ["f"]), node("add", "Add", ["x", "f"], ["y"])]);
    const conv: LayerSpectralNorm = {
      value: 1.5,
      method: "power-iteration",
      upperBound: 1.75,
      upperBoundMethod: "gram-iteration-bound",
    };
    const result = graphNetworkNorm(g, [l2Result("fc", conv)], "l2");
    expect(result.product).toBe(1.5);
    expect(result.lipschitzBound).toBe(2.75);
    expect(result.note).not.toMatch(/not guaranteed/);
  });

  it("a chain with an estimate and no bound says the figure is not guaranteed, naming the layer", () => {
    const results = [l2Result("a", exact(2)), l2Result("b", { value: 3, method: "exact-circular" })];
    const result = chainNetworkNorm(results, "l2");
    expect(result).toMatchObject({ product: 6, lipschitzBound: 6, isChain: true });
    expect(result.note).toMatch(
      /not guaranteed: 1 layer\(s\) contribute an estimate, not a bound \(first: b, exact-circular\)/,
    );
  });
});
