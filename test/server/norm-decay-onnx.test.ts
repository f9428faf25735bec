import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataType, type NormDecayRequest, NormType } from "../../clients/ts/src/index.js";
import { seededFloats } from "../../src/onnx/testing/seeded-random.js";
import { expectStatus } from "../support/expect-status.js";
import { tensor, tensorValues } from "../support/raw-layers.js";
import { SMALL_MODEL_SHAPES, smallModelWeights, smallOnnxModel } from "../support/small-onnx-model.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

let ctx: TestServer;
beforeAll(async () => {
  ctx = await startTestServer();
});
afterAll(async () => {
  await ctx.close();
});

function onnxRequest(model: Uint8Array, fields: Partial<NormDecayRequest>): Partial<NormDecayRequest> {
  return {
    model: { $case: "onnxModel", value: model },
    norm: NormType.NORM_TYPE_L1,
    beta: 0.25,
    momentum: 0,
    ...fields,
  };
}

describe("NormDecay with an ONNX model (conv → BN → Gemm, float32)", () => {
  it("gradients by initializer name: ∇W + β·G shaped like each initializer, FLOAT32; norms as ComputeNorms", async () => {
    const model = smallOnnxModel();
    const gradConv = seededFloats(54, 7);
    const response = await ctx.client.normDecay(
      onnxRequest(model, { gradients: { "conv.w": tensor([3, 2, 3, 3], gradConv, true) } }),
    );
    const norms = await ctx.client.computeNorms(model, { norms: [NormType.NORM_TYPE_L1] });
    expect(response.layers.map((l) => [l.nodeName, l.weightName, l.includesGradient])).toEqual([
      ["conv", "conv.w", true],
      ["bn", "bn.s", false],
      ["fc", "fc.w", false],
    ]);
    response.layers.forEach((layer, i) => {
      expect(layer.normBefore).toBe(norms.layers[i].l1);
      expect(layer.maximiser).toEqual(norms.layers[i].l1Maximiser);
      expect(layer.decay?.dtype).toBe(DataType.DATA_TYPE_FLOAT32);
      expect(layer.decay?.shape).toEqual([
        ...SMALL_MODEL_SHAPES[layer.weightName as keyof typeof SMALL_MODEL_SHAPES],
      ]);
    });
    const weights = smallModelWeights()["conv.w"];
    const conv = tensorValues(response.layers[0].decay);
    const term = conv.map((v, i) => v - gradConv[i]);
    for (const [i, t] of term.entries())
      expect([0, 0.25 * Math.sign(weights[i])]).toContainEqual(Math.round(t * 1e6) / 1e6);
    // BN (L1 = L∞ = max |γ|/√σ² = 4 at channel 2): β·sign(2)/√0.25 = 0.5.
    expect(tensorValues(response.layers[1].decay)).toEqual([0, 0, 0.5]);
  });

  it("`weights` replace initializers (kernel and BN variance): same result as a model built with them", async () => {
    const replaced = {
      ...smallModelWeights(),
      "fc.w": seededFloats(108, 99),
      "bn.v": Float32Array.of(0.01, 4, 1),
    };
    const viaWeights = await ctx.client.normDecay(
      onnxRequest(smallOnnxModel(), {
        weights: {
          "fc.w": tensor([4, 27], replaced["fc.w"], true),
          "bn.v": tensor([3], replaced["bn.v"], true),
        },
      }),
    );
    const rebuilt = await ctx.client.normDecay(onnxRequest(smallOnnxModel(replaced), {}));
    expect(viaWeights.layers).toEqual(rebuilt.layers);
    expect(viaWeights.layers[1].maximiser?.channel).toBe(0); // |1|/√0.01 = 10 now wins
  });

  it("a conv weight behind a Transpose is FAILED_PRECONDITION unless convs are not selected", async () => {
    const model = smallOnnxModel(smallModelWeights(), true);
    await expectStatus(
      ctx.client.normDecay(onnxRequest(model, {})),
      status.FAILED_PRECONDITION,
      /^conv: its weight 'conv.wT' reaches the node through a Transpose/,
    );
    const fcOnly = await ctx.client.normDecay(onnxRequest(model, { linear: true }));
    expect(fcOnly.layers.map((l) => l.nodeName)).toEqual(["fc"]);
  });

  const bad: [string, Partial<NormDecayRequest>, RegExp][] = [
    [
      "a weight names no initializer of a layer",
      { weights: { "bn.b": tensor([3], [0, 0, 0]) } },
      /^weights: 'bn\.b' is not an initializer read by a layer \(known: conv\.w, bn\.s, bn\.v, fc\.w\)/,
    ],
    [
      "a weight has the initializer's size but not its shape",
      { weights: { "fc.w": tensor([27, 4], new Float32Array(108)) } },
      /^weights\['fc\.w'\]: shape \[27, 4\] differs from the initializer's \[4, 27\]/,
    ],
    [
      "a new variance is negative",
      { weights: { "bn.v": tensor([3], [1, -1, 1]) } },
      /^weights\['bn\.v'\]: element 1 is -1; variance \+ epsilon must be > 0/,
    ],
    [
      "a gradient uses the node name",
      { gradients: { conv: tensor([3, 2, 3, 3], new Float32Array(54)) } },
      /^gradients: no layer has a weight named 'conv'/,
    ],
  ];
  for (const [name, fields, message] of bad)
    it(`throws INVALID_ARGUMENT when ${name}`, async () => {
      await expectStatus(
        ctx.client.normDecay(onnxRequest(smallOnnxModel(), fields)),
        status.INVALID_ARGUMENT,
        message,
      );
    });
});
