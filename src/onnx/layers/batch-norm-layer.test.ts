import { describe, expect, it } from "vitest";
import type { BatchNormLayer } from "../../norms/linear-layer.js";
import { parseOnnxModel } from "../parse-onnx-model.js";
import { buildModel, floatAttr, node } from "../testing/onnx-builder.js";
import { floatTensor } from "../testing/tensors.js";

const stats = [
  floatTensor("gamma", [3], [1, -2, 0.5]),
  floatTensor("beta", [3], [0, 0, 0]),
  floatTensor("mean", [3], [0.1, 0.2, 0.3]),
  floatTensor("var", [3], [1, 4, 0.25]),
];
const inputs = ["x", "gamma", "beta", "mean", "var"];

function bn(
  opset: number,
  attributes: Record<string, number | ReturnType<typeof floatAttr>>,
  outputs = ["y"],
) {
  const bytes = buildModel({
    inputs: [{ name: "x", shape: ["batch", 3, 4, 4] }],
    initializers: stats,
    nodes: [node("BatchNormalization", inputs, outputs, attributes, "bn")],
    opset,
  });
  return parseOnnxModel(bytes);
}

describe("BatchNormalization layers", () => {
  it("opset 13 inference form, default epsilon 1e-5", () => {
    const { layers } = bn(13, {});
    const layer = layers[0] as BatchNormLayer;
    expect(layer).toMatchObject({
      kind: "batchNorm",
      nodeName: "bn",
      weightName: "gamma",
      varianceName: "var",
      epsilon: 1e-5,
      inputShape: [3, 4, 4],
      outputShape: [3, 4, 4],
    });
    expect(Array.from(layer.scale)).toEqual([1, -2, 0.5]);
    expect(Array.from(layer.variance)).toEqual([1, 4, 0.25]);
  });

  it("opset 15 training_mode=1 with running_mean/running_var outputs", () => {
    const parsed = bn(15, { training_mode: 1, epsilon: floatAttr(1e-3) }, ["y", "rm", "rv"]);
    const layer = parsed.layers[0] as BatchNormLayer;
    expect(layer.epsilon).toBeCloseTo(1e-3, 10);
    expect(parsed.graph.shapeOf("y")).toEqual([1, 3, 4, 4]);
    expect(parsed.graph.shapeOf("rv")).toEqual([3]);
  });

  it("opset 9 (spatial attribute gone) and opset 7 with spatial=1 both parse", () => {
    expect(bn(9, {}).layers).toHaveLength(1);
    expect(bn(7, { spatial: 1 }).layers).toHaveLength(1);
  });

  it("variance through Identity (PyTorch de-duplicated initializer) names the initializer", () => {
    const bytes = buildModel({
      inputs: [{ name: "x", shape: ["batch", 3] }],
      initializers: stats,
      nodes: [
        node("Identity", ["mean"], ["var_alias"], {}, "Identity_0"),
        node("BatchNormalization", ["x", "gamma", "beta", "mean", "var_alias"], ["y"]),
      ],
    });
    const layer = parseOnnxModel(bytes).layers[0] as BatchNormLayer;
    expect(layer).toMatchObject({ varianceName: "mean", inputShape: [3], nodeName: "BatchNormalization_1" });
  });

  it("without a known input shape, shapes fall back to [C]", () => {
    const bytes = buildModel({
      inputs: [{ name: "x", shape: ["batch", 3, "h", "w"] }],
      initializers: stats,
      nodes: [node("BatchNormalization", inputs, ["y"])],
    });
    expect(parseOnnxModel(bytes).layers[0]).toMatchObject({ inputShape: [3], outputShape: [3] });
  });

  it("throws when variance + epsilon is not positive", () => {
    const bytes = buildModel({
      inputs: [{ name: "x", shape: ["batch", 3] }],
      initializers: [...stats.slice(0, 3), floatTensor("var", [3], [1, -1, 1])],
      nodes: [node("BatchNormalization", inputs, ["y"], {}, "bn")],
    });
    expect(() => parseOnnxModel(bytes)).toThrow(/BatchNormalization node 'bn'.*initializer 'var'.*channel 1/);
  });

  it("throws FAILED_PRECONDITION when the scale is computed", () => {
    const bytes = buildModel({
      inputs: [
        { name: "x", shape: ["batch", 3] },
        { name: "g", shape: [3] },
      ],
      initializers: stats,
      nodes: [node("BatchNormalization", ["x", "g", "beta", "mean", "var"], ["y"], {}, "bn")],
    });
    expect(() => parseOnnxModel(bytes)).toThrow(expect.objectContaining({ code: "FAILED_PRECONDITION" }));
  });
});
