import { describe, expect, it } from "vitest";
import { convRule } from "./ops/conv.js";
import { createOpRegistry } from "./ops/op-registry.js";
import { parseOnnxModel } from "./parse-onnx-model.js";
import { buildModel, floatAttr, type ModelSpec, node } from "./testing/onnx-builder.js";
import { floatTensor, randomFloatTensor } from "./testing/tensors.js";

/** conv(3→4, k3 p1) → BN → Relu → GlobalAveragePool → Flatten → Gemm(4→2), nodes listed out of order. */
function smallNet(input: (number | string)[] = ["N", 3, 8, 8]): ModelSpec {
  const bnStats = ["g", "b", "m", "v"].map((n, k) => randomFloatTensor(n, [4], 10 + k, 0.5, 1.5));
  return {
    inputs: [{ name: "x", shape: input }],
    outputs: [{ name: "logits", shape: ["N", 2] }],
    initializers: [randomFloatTensor("w", [4, 3, 3, 3], 1), ...bnStats, randomFloatTensor("fc", [2, 4], 2)],
    nodes: [
      node("Gemm", ["f", "fc"], ["logits"], { transB: 1 }, "fc"),
      node("Conv", ["x", "w"], ["c"], { pads: [1, 1, 1, 1], kernel_shape: [3, 3] }, "conv"),
      node("BatchNormalization", ["c", "g", "b", "m", "v"], ["n"], { epsilon: floatAttr(1e-5) }),
      node("Relu", ["n"], ["r"]),
      node("GlobalAveragePool", ["r"], ["p"]),
      node("Flatten", ["p"], ["f"]),
    ],
  };
}

describe("parseOnnxModel", () => {
  it("symbolic batch 'N' is read as 1: layers in topological order with batch-free shapes", () => {
    const { layers } = parseOnnxModel(buildModel(smallNet()));
    expect(layers.map((l) => [l.kind, l.nodeName, l.inputShape, l.outputShape])).toEqual([
      ["conv", "conv", [3, 8, 8], [4, 8, 8]],
      ["batchNorm", "BatchNormalization_2", [4, 8, 8], [4, 8, 8]],
      ["linear", "fc", [4], [2]],
    ]);
  });

  it("graph summary: sorted nodes, unique names, initializers, inputs/outputs, opset, shapes with batch", () => {
    const { graph } = parseOnnxModel(buildModel({ ...smallNet(), initializersAsInputs: true }));
    expect(graph.nodes.map((n) => n.name)).toEqual([
      "conv",
      "BatchNormalization_2",
      "Relu_3",
      "GlobalAveragePool_4",
      "Flatten_5",
      "fc",
    ]);
    expect(graph.nodes[0]).toMatchObject({
      opType: "Conv",
      domain: "",
      inputs: ["x", "w"],
      outputs: ["c"],
      attributes: { pads: [1, 1, 1, 1], kernel_shape: [3, 3] },
    });
    expect(graph.opsetVersion).toBe(13);
    expect(graph.initializerNames).toEqual(["w", "g", "b", "m", "v", "fc"]);
    expect(graph.inputs).toEqual(["x"]);
    expect(graph.outputs).toEqual(["logits"]);
    expect(graph.shapes.get("x")).toEqual([1, 3, 8, 8]);
    expect(graph.shapeOf("p")).toEqual([1, 4, 1, 1]);
    expect(graph.shapeOf("logits")).toEqual([1, 2]);
    expect(graph.shapeOf("w")).toEqual([4, 3, 3, 3]);
    expect(graph.isConstant("fc")).toBe(true);
    expect(graph.isConstant("f")).toBe(false);
    expect(graph.constantValues("g")).toHaveLength(4);
  });

  it("input_shape [2,3,16,12] overrides the declared input (batch included)", () => {
    const { layers, graph } = parseOnnxModel(buildModel(smallNet([1, 3, 8, 8])), {
      inputShape: [2, 3, 16, 12],
    });
    expect(graph.shapeOf("c")).toEqual([2, 4, 16, 12]);
    expect(layers[0]).toMatchObject({ inputShape: [3, 16, 12], outputShape: [4, 16, 12] });
  });

  it("input_shape makes a model with symbolic spatial dims parseable", () => {
    const bytes = buildModel(smallNet(["N", 3, "H", "W"]));
    expect(parseOnnxModel(bytes, { inputShape: [1, 3, 5, 7] }).layers[0].outputShape).toEqual([4, 5, 7]);
  });

  it("an unknown op in front of a Gemm is fine: linear layers need no spatial size", () => {
    const bytes = buildModel({
      inputs: [{ name: "x", shape: ["N", 4] }],
      initializers: [randomFloatTensor("fc", [2, 4], 2)],
      nodes: [
        node("MysteryOp", ["x"], ["m"], {}, "mystery"),
        node("Gemm", ["m", "fc"], ["y"], { transB: 1 }),
      ],
    });
    const { layers, graph } = parseOnnxModel(bytes);
    expect(layers[0]).toMatchObject({ kind: "linear", inputShape: [4], outputShape: [2] });
    expect(graph.shapeOf("m")).toBeUndefined();
  });

  it("a Constant node's value counts as a weight", () => {
    const bytes = buildModel({
      inputs: [{ name: "x", shape: [1, 1, 3, 3] }],
      nodes: [
        node("Constant", [], ["w"], { value: floatTensor("", [1, 1, 2, 2], [1, 2, 3, 4]) }, "const_w"),
        node("Conv", ["x", "w"], ["y"]),
      ],
    });
    const { layers, graph } = parseOnnxModel(bytes);
    expect(layers[0]).toMatchObject({ weightName: "w", outputShape: [1, 2, 2] });
    expect(Array.from(layers[0].kind === "conv" ? layers[0].weight : [])).toEqual([1, 2, 3, 4]);
    expect(graph.isConstant("w")).toBe(true);
  });

  it("uses an injected registry: with only the Conv rule, a Relu in front of a conv is unsupported", () => {
    const bytes = buildModel({
      inputs: [{ name: "x", shape: ["N", 3, 4, 4] }],
      initializers: [randomFloatTensor("w", [2, 3, 1, 1], 1)],
      nodes: [node("Relu", ["x"], ["r"], {}, "relu"), node("Conv", ["r", "w"], ["y"], {}, "conv")],
    });
    expect(parseOnnxModel(bytes).layers).toHaveLength(1);
    expect(() => parseOnnxModel(bytes, { registry: createOpRegistry([convRule]) })).toThrow(
      /Conv node 'conv' needs the shapes.*Relu node 'relu' has no shape rule at opset 13 \(supported: Conv\)/,
    );
  });

  it("duplicate node names are made unique with the node index", () => {
    const bytes = buildModel({
      inputs: [{ name: "x", shape: [1, 2] }],
      nodes: [node("Relu", ["x"], ["a"], {}, "dup"), node("Relu", ["a"], ["b"], {}, "dup")],
    });
    expect(parseOnnxModel(bytes).graph.nodes.map((n) => n.name)).toEqual(["dup", "dup_1"]);
  });

  it("accepts a Node Buffer as well as a Uint8Array", () => {
    const bytes = buildModel(smallNet());
    expect(parseOnnxModel(Buffer.from(bytes)).layers).toHaveLength(3);
    expect(parseOnnxModel(new Uint8Array(bytes)).layers).toHaveLength(3);
  });
});
