import { buildModel, node } from "../../src/onnx/testing/onnx-builder.js";
import { seededFloats } from "../../src/onnx/testing/seeded-random.js";
import { floatTensor } from "../../src/onnx/testing/tensors.js";

/** Initializer values of {@link smallOnnxModel}, by name (float32). */
export type SmallModelWeights = Record<"conv.w" | "bn.s" | "bn.v" | "fc.w", Float32Array>;

/** Shapes of the initializers of {@link smallOnnxModel}. */
export const SMALL_MODEL_SHAPES = {
  "conv.w": [3, 2, 3, 3],
  "bn.s": [3],
  "bn.v": [3],
  "fc.w": [4, 27],
} as const;

/** Seeded default weights of {@link smallOnnxModel}. */
export function smallModelWeights(seed = 1): SmallModelWeights {
  return {
    "conv.w": seededFloats(54, seed),
    "bn.s": Float32Array.of(1, -3, 2),
    "bn.v": Float32Array.of(1, 4, 0.25),
    "fc.w": seededFloats(108, seed + 1),
  };
}

/**
 * x [1,2,5,5] → Conv "conv" (weight "conv.w" [3,2,3,3], stride 2, pad 1) → BatchNormalization "bn"
 * (scale "bn.s", variance "bn.v", ε 0) → Flatten → Gemm "fc" (B "fc.w" [4,27], transB). With
 * `transposedConv`, the conv weight is a Transpose (perm 1,0,2,3) of initializer "conv.wT".
 */
export function smallOnnxModel(weights = smallModelWeights(), transposedConv = false): Uint8Array {
  const convWeight = transposedConv
    ? [floatTensor("conv.wT", [2, 3, 3, 3], weights["conv.w"])]
    : [floatTensor("conv.w", [3, 2, 3, 3], weights["conv.w"])];
  return buildModel({
    inputs: [{ name: "x", shape: [1, 2, 5, 5] }],
    nodes: [
      ...(transposedConv ? [node("Transpose", ["conv.wT"], ["conv.w"], { perm: [1, 0, 2, 3] }, "t")] : []),
      node(
        "Conv",
        ["x", "conv.w"],
        ["y1"],
        { strides: [2, 2], pads: [1, 1, 1, 1], kernel_shape: [3, 3] },
        "conv",
      ),
      node(
        "BatchNormalization",
        ["y1", "bn.s", "bn.b", "bn.m", "bn.v"],
        ["y2"],
        { epsilon: { kind: "float", value: 0 } },
        "bn",
      ),
      node("Flatten", ["y2"], ["y3"], { axis: 1 }, "flat"),
      node("Gemm", ["y3", "fc.w"], ["y4"], { transB: 1 }, "fc"),
    ],
    initializers: [
      ...convWeight,
      floatTensor("bn.s", [3], weights["bn.s"]),
      floatTensor("bn.b", [3], [0, 0, 0]),
      floatTensor("bn.m", [3], [0, 0, 0]),
      floatTensor("bn.v", [3], weights["bn.v"]),
      floatTensor("fc.w", [4, 27], weights["fc.w"]),
    ],
  });
}
