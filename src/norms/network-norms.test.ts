import { describe, expect, it } from "vitest";
import type { LayerNormsResult } from "./compute-norms.js";
import type { LinearLayer } from "./linear-layer.js";
import type { NetworkGraph, NetworkNode } from "./network-graph.js";
import { chainNetworkNorm, graphNetworkNorm } from "./network-norms.js";

function layerResult(name: string, l1: number, linf: number): LayerNormsResult {
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
  return {
    layer,
    l1: { value: l1, channel: 0, position: [] },
    linf: { value: linf, channel: 0, position: [] },
  };
}

function node(
  name: string,
  opType: string,
  inputs: string[],
  outputs: string[],
  attributes = {},
): NetworkNode {
  return { name, opType, inputs, outputs, attributes };
}

function graph(
  nodes: NetworkNode[],
  constants: Record<string, number[]> = {},
  shapes: Record<string, number[]> = {},
): NetworkGraph {
  return {
    nodes,
    inputs: ["x"],
    outputs: [nodes[nodes.length - 1].outputs[0]],
    isConstant: (name) => name in constants,
    constantValues: (name) => constants[name],
    shapeOf: (name) => shapes[name],
  };
}

describe("network-level norms", () => {
  it("chain fc1 → Relu → fc2: bound = product = 2·3 (L1) and 5·7 (L∞)", () => {
    const g = graph(
      [
        node("fc1", "Gemm", ["x", "w1"], ["a"]),
        node("r", "Relu", ["a"], ["b"]),
        node("fc2", "Gemm", ["b", "w2"], ["y"]),
      ],
      { w1: [1], w2: [1] },
    );
    const results = [layerResult("fc1", 2, 5), layerResult("fc2", 3, 7)];
    expect(graphNetworkNorm(g, results, "l1")).toMatchObject({
      product: 6,
      lipschitzBound: 6,
      isChain: true,
    });
    expect(graphNetworkNorm(g, results, "linf")).toMatchObject({
      product: 35,
      lipschitzBound: 35,
      isChain: true,
    });
  });

  it("residual y = x + fc(x): bound = 1 + ‖fc‖, which the product (‖fc‖) does not bound", () => {
    const g = graph([node("fc", "Gemm", ["x", "w"], ["f"]), node("add", "Add", ["x", "f"], ["y"])], {
      w: [1],
    });
    const result = graphNetworkNorm(g, [layerResult("fc", 0.5, 4)], "linf");
    expect(result.product).toBe(4);
    expect(result.lipschitzBound).toBe(5);
    expect(result.isChain).toBe(false);
    expect(result.note).toMatch(/branched graph/);
  });

  it("sigmoid scales by 1/4, a constant Mul by its largest |value|, global average pool by 1/(H·W) in L1", () => {
    const g = graph(
      [
        node("fc", "Gemm", ["x", "w"], ["a"]),
        node("s", "Sigmoid", ["a"], ["b"]),
        node("m", "Mul", ["b", "c"], ["d"]),
        node("gap", "GlobalAveragePool", ["d"], ["y"]),
      ],
      { w: [1], c: [0.5, -3] },
      { b: [1, 2, 4, 4], d: [1, 2, 4, 4] },
    );
    const results = [layerResult("fc", 8, 8)];
    expect(graphNetworkNorm(g, results, "l1").lipschitzBound).toBeCloseTo((8 * 0.25 * 3) / 16, 15);
    expect(graphNetworkNorm(g, results, "linf").lipschitzBound).toBeCloseTo(8 * 0.25 * 3, 15);
  });

  it("a constant Mul that broadcasts its input copies each element: ×copies in L1, ×√copies in L2", () => {
    const g = graph(
      [node("m", "Mul", ["x", "c"], ["y"])],
      { c: [2, -0.5] },
      { x: [1, 2, 1, 1], y: [1, 2, 4, 4] },
    );
    expect(graphNetworkNorm(g, [], "l1").lipschitzBound).toBe(32);
    expect(graphNetworkNorm(g, [], "linf").lipschitzBound).toBe(2);
    expect(graphNetworkNorm(g, [], "l2").lipschitzBound).toBe(8);
  });

  it("a constant Mul with unknown shapes has no bound", () => {
    const g = graph([node("m", "Mul", ["x", "c"], ["y"])], { c: [2] });
    expect(graphNetworkNorm(g, [], "l1").note).toMatch(/shapes around Mul node m are unknown/);
  });

  it("max pool k=3 s=1 counts each input up to 3·3 times in L1 and once in L∞", () => {
    const g = graph([node("p", "MaxPool", ["x"], ["y"], { kernel_shape: [3, 3], strides: [1, 1] })]);
    expect(graphNetworkNorm(g, [], "l1").lipschitzBound).toBe(9);
    expect(graphNetworkNorm(g, [], "linf").lipschitzBound).toBe(1);
  });

  it("Concat takes the max of its inputs' bounds in L∞ and their sum in L1", () => {
    const g = graph(
      [
        node("fc1", "Gemm", ["x", "w"], ["a"]),
        node("fc2", "Gemm", ["x", "w"], ["b"]),
        node("cat", "Concat", ["a", "b"], ["y"], { axis: 1 }),
      ],
      { w: [1] },
    );
    const results = [layerResult("fc1", 2, 2), layerResult("fc2", 3, 3)];
    expect(graphNetworkNorm(g, results, "linf").lipschitzBound).toBe(3);
    expect(graphNetworkNorm(g, results, "l1").lipschitzBound).toBe(5);
  });

  it("omits the bound, naming the node, for a product of two activations", () => {
    const g = graph([node("fc", "Gemm", ["x", "w"], ["a"]), node("gate", "Mul", ["a", "x"], ["y"])], {
      w: [1],
    });
    const result = graphNetworkNorm(g, [layerResult("fc", 2, 2)], "l1");
    expect(result.lipschitzBound).toBeUndefined();
    expect(result.note).toMatch(/Mul of two non-constant tensors \(node gate\)/);
    expect(result.product).toBe(2);
  });

  it("omits the bound for an op with no known constant", () => {
    const g = graph([node("e", "Exp", ["x"], ["y"])]);
    expect(graphNetworkNorm(g, [], "linf").note).toMatch(/no Lipschitz constant known for Exp \(node e\)/);
  });

  it("raw layers read as a chain multiply their norms", () => {
    const results = [layerResult("a", 2, 3), layerResult("b", 5, 7)];
    expect(chainNetworkNorm(results, "l1")).toMatchObject({ product: 10, lipschitzBound: 10, isChain: true });
  });
});
