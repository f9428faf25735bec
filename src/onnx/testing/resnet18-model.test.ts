import { describe, expect, it } from "vitest";
import { parseOnnxModel } from "../parse-onnx-model.js";
import { buildCifarResNet18Onnx } from "./resnet18-model.js";

describe("buildCifarResNet18Onnx", () => {
  it("width 1: ~11.2 M parameters, ~45 MB, 20 Conv + 20 BN + 1 Gemm with CIFAR shapes", () => {
    const bytes = buildCifarResNet18Onnx(1);
    expect(bytes.byteLength).toBeGreaterThan(44_000_000);
    expect(bytes.byteLength).toBeLessThan(46_000_000);
    const { layers, graph } = parseOnnxModel(bytes);
    const count = (kind: string) => layers.filter((l) => l.kind === kind).length;
    expect([count("conv"), count("batchNorm"), count("linear")]).toEqual([20, 20, 1]);
    const params = layers.reduce(
      (n, l) =>
        n +
        (l.kind === "batchNorm" ? 2 * l.scale.length : l.weight.length + (l.kind === "linear" ? l.rows : 0)),
      0,
    );
    expect(params).toBe(11_173_962); // PyTorch's count for this network
    expect(layers[0]).toMatchObject({
      nodeName: "conv1",
      inputShape: [3, 32, 32],
      outputShape: [64, 32, 32],
    });
    const last = layers.filter((l) => l.kind === "conv").at(-1);
    expect(last).toMatchObject({ nodeName: "layer4.1.conv2", inputShape: [512, 4, 4] });
    expect(layers.at(-1)).toMatchObject({ nodeName: "fc", rows: 10, cols: 512 });
    expect(graph.shapeOf("logits")).toEqual([1, 10]);
  });

  it("is deterministic per seed and honours widthMultiplier", () => {
    const a = buildCifarResNet18Onnx(7, { widthMultiplier: 0.125 });
    expect(buildCifarResNet18Onnx(7, { widthMultiplier: 0.125 })).toEqual(a);
    expect(buildCifarResNet18Onnx(8, { widthMultiplier: 0.125 })).not.toEqual(a);
    const { layers } = parseOnnxModel(a);
    expect(layers[0].outputShape).toEqual([8, 32, 32]);
    expect(layers.at(-1)).toMatchObject({ cols: 64 });
  });
});
