import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NormserveClientError, NormType } from "../../clients/ts/src/index.js";
import { buildModel, type ModelSpec, node } from "../../src/onnx/testing/onnx-builder.js";
import { floatTensor, randomFloatTensor } from "../../src/onnx/testing/tensors.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

function convModel(overrides: Partial<ModelSpec> = {}): Uint8Array {
  return buildModel({
    inputs: [{ name: "x", shape: ["batch", 2, 6, 6] }],
    initializers: [randomFloatTensor("w", [3, 2, 3, 3], 1)],
    nodes: [node("Relu", ["x"], ["r"], {}, "relu"), node("Conv", ["r", "w"], ["y"], {}, "conv")],
    ...overrides,
  });
}

let ctx: TestServer;
beforeAll(async () => {
  ctx = await startTestServer();
});
afterAll(async () => {
  await ctx.close();
});

async function statusOf(bytes: Uint8Array, inputShape?: number[]): Promise<NormserveClientError> {
  return ctx.client.computeNorms(bytes, { inputShape }).then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: NormserveClientError) => error,
  );
}

describe("ComputeNorms with bad ONNX answers a clear status, and the server keeps serving", () => {
  const good = convModel();

  it("serves the well-formed model (3×3 conv on 6×6: every tap of the centre rows)", async () => {
    const response = await ctx.client.computeNorms(good, { norms: [NormType.NORM_TYPE_LINF] });
    expect(response.layers.map((l) => [l.nodeName, l.inputShape, l.outputShape])).toEqual([
      ["conv", [2, 6, 6], [3, 4, 4]],
    ]);
  });

  const cases: [string, () => Uint8Array, number, RegExp, number[]?][] = [
    [
      "truncated bytes",
      () => good.subarray(0, good.length >> 1),
      status.INVALID_ARGUMENT,
      /not a valid ONNX ModelProto/,
    ],
    [
      "bytes that are not ONNX",
      () => new TextEncoder().encode("definitely not a protobuf"),
      status.INVALID_ARGUMENT,
      /onnx_model/,
    ],
    [
      "a NaN weight",
      () =>
        convModel({
          initializers: [
            floatTensor(
              "w",
              [3, 2, 3, 3],
              Array.from({ length: 54 }, (_, i) => (i === 5 ? Number.NaN : 1)),
            ),
          ],
        }),
      status.INVALID_ARGUMENT,
      /Conv node 'conv': initializer 'w' holds a non-finite value \(NaN\) at flat index 5/,
    ],
    [
      "weights in an external data file",
      () =>
        convModel({
          initializers: [
            {
              name: "w",
              dims: [3, 2, 3, 3],
              dataType: 1,
              dataLocation: 1,
              externalData: [{ key: "location", value: "w.bin" }],
            },
          ],
        }),
      status.INVALID_ARGUMENT,
      /initializer 'w'.*external data/,
    ],
    [
      "an op without a shape rule in front of a conv",
      () =>
        convModel({
          nodes: [node("FancyOp", ["x"], ["r"], {}, "fancy"), node("Conv", ["r", "w"], ["y"], {}, "conv")],
        }),
      status.FAILED_PRECONDITION,
      /Conv node 'conv'.*FancyOp node 'fancy'/,
    ],
    [
      "an input_shape override with a negative dim",
      () => good,
      status.INVALID_ARGUMENT,
      /input_shape|-1/,
      [1, 2, -1, 6],
    ],
    [
      "an input_shape override with too few channels",
      () => good,
      status.INVALID_ARGUMENT,
      /channel|2/,
      [1, 1, 6, 6],
    ],
  ];
  for (const [name, bytes, code, message, inputShape] of cases) {
    it(`throws ${status[code]} for ${name}`, async () => {
      const error = await statusOf(bytes(), inputShape);
      expect(status[error.code]).toBe(status[code]);
      expect(error.details).toMatch(message);
      const again = await ctx.client.computeNorms(good);
      expect(again.layers).toHaveLength(1);
    });
  }
});
