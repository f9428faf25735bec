import { describe, expect, it } from "vitest";
import { parseOnnxModel } from "../parse-onnx-model.js";
import { buildModel, node } from "../testing/onnx-builder.js";
import { int64Tensor, randomFloatTensor } from "../testing/tensors.js";

describe("constant folding of shape arithmetic", () => {
  it("x.view(x.size(0), -1): Shape → Gather → Unsqueeze → Concat → Reshape gives [1, 48]", () => {
    const bytes = buildModel({
      inputs: [{ name: "x", shape: ["batch", 3, 4, 4] }],
      initializers: [int64Tensor("zero", [0], []), int64Tensor("minus1", [-1]), int64Tensor("axes0", [0])],
      nodes: [
        node("Shape", ["x"], ["s"]),
        node("Gather", ["s", "zero"], ["n"], { axis: 0 }),
        node("Unsqueeze", ["n", "axes0"], ["n1"]),
        node("Concat", ["n1", "minus1"], ["target"], { axis: 0 }),
        node("Reshape", ["x", "target"], ["y"]),
      ],
    });
    const { graph } = parseOnnxModel(bytes);
    expect(graph.shapeOf("y")).toEqual([1, 48]);
    expect(Array.from(graph.constantValues("target") ?? [])).toEqual([1, -1]);
    expect(graph.isConstant("target")).toBe(true);
  });

  it("PyTorch F.pad: ConstantOfShape → Concat → Reshape → Slice(-1) → Transpose → Reshape → Cast feeds Pad, then Conv", () => {
    // pads (PyTorch order, last axis first) [1, 2, 0, 1] = W: 1 before, 2 after; H: 0 before, 1 after.
    const bytes = buildModel({
      inputs: [{ name: "x", shape: ["batch", 2, 5, 5] }],
      initializers: [
        int64Tensor("four", [4]),
        int64Tensor("torch_pads", [1, 2, 0, 1]),
        int64Tensor("pairs", [-1, 2]),
        int64Tensor("start", [-1]),
        int64Tensor("end", [-9223372036854775807n]),
        int64Tensor("axis0", [0]),
        int64Tensor("step", [-1]),
        int64Tensor("flat", [-1]),
        randomFloatTensor("w", [3, 2, 3, 3], 7),
      ],
      nodes: [
        node("ConstantOfShape", ["four"], ["zeros"], { value: int64Tensor("", [0], [1]) }),
        node("Concat", ["torch_pads", "zeros"], ["cat"], { axis: 0 }),
        node("Reshape", ["cat", "pairs"], ["pairs2"]),
        node("Slice", ["pairs2", "start", "end", "axis0", "step"], ["rev"]),
        node("Transpose", ["rev"], ["tr"], { perm: [1, 0] }),
        node("Reshape", ["tr", "flat"], ["onnx_pads"]),
        node("Cast", ["onnx_pads"], ["pads"], { to: 7 }),
        node("Pad", ["x", "pads"], ["padded"], { mode: "constant" }),
        node("Conv", ["padded", "w"], ["y"], { kernel_shape: [3, 3] }),
      ],
    });
    const { graph, layers } = parseOnnxModel(bytes);
    expect(Array.from(graph.constantValues("pads") ?? [])).toEqual([0, 0, 0, 1, 0, 0, 1, 2]);
    expect(graph.shapeOf("padded")).toEqual([1, 2, 6, 8]);
    expect(layers[0].inputShape).toEqual([2, 6, 8]);
    expect(layers[0].outputShape).toEqual([3, 4, 6]);
  });
});
