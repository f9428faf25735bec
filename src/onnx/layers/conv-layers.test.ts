import { describe, expect, it } from "vitest";
import type { ConvLayer, ConvTransposeLayer } from "../../norms/linear-layer.js";
import { parseOnnxModel } from "../parse-onnx-model.js";
import { buildModel, node } from "../testing/onnx-builder.js";
import { seededFloats } from "../testing/seeded-random.js";
import { doubleTensor, floatTensor, randomFloatTensor } from "../testing/tensors.js";

describe("Conv layers", () => {
  it("x=[batch,3,8,8] k=3 s=2 p=1: geometry, shapes and a weight view", () => {
    const bytes = buildModel({
      inputs: [{ name: "x", shape: ["batch", 3, 8, 8] }],
      initializers: [randomFloatTensor("w", [4, 3, 3, 3], 3)],
      nodes: [node("Conv", ["x", "w"], ["y"], { strides: [2, 2], pads: [1, 1, 1, 1] }, "conv")],
    });
    const layer = parseOnnxModel(bytes).layers[0] as ConvLayer;
    expect(layer).toMatchObject({
      kind: "conv",
      nodeName: "conv",
      opType: "Conv",
      weightName: "w",
      inputShape: [3, 8, 8],
      outputShape: [4, 4, 4],
      weightShape: [4, 3, 3, 3],
    });
    expect(layer.geometry).toMatchObject({
      inChannels: 3,
      outChannels: 4,
      strides: [2, 2],
      outputSpatial: [4, 4],
    });
    expect(layer.weight).toBeInstanceOf(Float32Array);
    expect(Array.from(layer.weight)).toEqual(Array.from(seededFloats(108, 3)));
  });

  it("a DOUBLE weight stays Float64Array", () => {
    const bytes = buildModel({
      inputs: [{ name: "x", shape: [1, 1, 3, 3] }],
      initializers: [doubleTensor("w", [1, 1, 2, 2], [0.1, 0.2, 0.3, 0.4])],
      nodes: [node("Conv", ["x", "w"], ["y"])],
    });
    const layer = parseOnnxModel(bytes).layers[0] as ConvLayer;
    expect(layer.weight).toBeInstanceOf(Float64Array);
    expect(Array.from(layer.weight)).toEqual([0.1, 0.2, 0.3, 0.4]);
  });

  it("a Transpose'd kernel is materialised in Conv layout", () => {
    // Stored [k=1, 1, C_in=3, C_out=2]; perm [3, 2, 0, 1] gives [2, 3, 1, 1].
    const bytes = buildModel({
      inputs: [{ name: "x", shape: [1, 3, 2, 2] }],
      initializers: [floatTensor("hwio", [1, 1, 3, 2], [1, 2, 3, 4, 5, 6])],
      nodes: [node("Transpose", ["hwio"], ["w"], { perm: [3, 2, 0, 1] }), node("Conv", ["x", "w"], ["y"])],
    });
    const layer = parseOnnxModel(bytes).layers[0] as ConvLayer;
    expect(layer.weightShape).toEqual([2, 3, 1, 1]);
    expect(Array.from(layer.weight)).toEqual([1, 3, 5, 2, 4, 6]);
    expect(layer.weightName).toBe("hwio");
  });
});

describe("ConvTranspose layers", () => {
  it("x=[batch,4,5,5] w=[4,2,3,3] s=2 p=1 op=1: adjoint conv maps [2,10,10] → [4,5,5]", () => {
    const bytes = buildModel({
      inputs: [{ name: "x", shape: ["batch", 4, 5, 5] }],
      initializers: [randomFloatTensor("w", [4, 2, 3, 3], 5)],
      nodes: [
        node(
          "ConvTranspose",
          ["x", "w"],
          ["y"],
          { strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1] },
          "up",
        ),
      ],
    });
    const layer = parseOnnxModel(bytes).layers[0] as ConvTransposeLayer;
    expect(layer).toMatchObject({ kind: "convTranspose", inputShape: [4, 5, 5], outputShape: [2, 10, 10] });
    expect(layer.adjoint).toMatchObject({
      inChannels: 2,
      outChannels: 4,
      inputSpatial: [10, 10],
      outputSpatial: [5, 5],
    });
  });
});
