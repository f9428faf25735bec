import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, it } from "vitest";
import { float32Tensor, LayerKind } from "../../clients/ts/src/index.js";
import { buildModel, node } from "../../src/onnx/testing/onnx-builder.js";
import { randomFloatTensor } from "../../src/onnx/testing/tensors.js";
import { expectStatus } from "../support/expect-status.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

let ctx: TestServer;
beforeAll(async () => {
  ctx = await startTestServer();
});
afterAll(async () => {
  await ctx.close();
});

// The exact norms cost time linear in the spatial sizes: absurd shapes must be refused, not computed.
describe("absurd activation shapes are refused at once", () => {
  it("throws INVALID_ARGUMENT for a raw conv on x=[2, 2^20, 2^20]", async () => {
    await expectStatus(
      ctx.client.computeLayerNorms([
        {
          name: "huge",
          kind: LayerKind.LAYER_KIND_CONV,
          weight: float32Tensor([2, 2, 3, 3], new Array(36).fill(1)),
          conv: undefined,
          inputShape: [2, 2 ** 20, 2 ** 20],
          batchNorm: undefined,
        },
      ]),
      status.INVALID_ARGUMENT,
      /layers\[0\] \(huge\): .*has 2199023255552 elements, more than the 268435456 supported/,
    );
  });

  const model = () =>
    buildModel({
      inputs: [{ name: "x", shape: ["batch", 2, 8, 8] }],
      initializers: [randomFloatTensor("w", [3, 2, 3, 3], 1)],
      nodes: [node("Conv", ["x", "w"], ["y"], {}, "conv")],
    });

  it("throws INVALID_ARGUMENT for an ONNX input_shape override of [1, 2, 10^6, 10^6]", async () => {
    await expectStatus(
      ctx.client.computeNorms(model(), { inputShape: [1, 2, 1e6, 1e6] }),
      status.INVALID_ARGUMENT,
      /input_shape \[1, 2, 1000000, 1000000\] exceeds 2147483647 elements/,
    );
  });

  it("throws INVALID_ARGUMENT naming the conv when its activation exceeds 2^28 elements (x=[1, 2, 20000, 20000])", async () => {
    await expectStatus(
      ctx.client.computeNorms(model(), { inputShape: [1, 2, 20_000, 20_000] }),
      status.INVALID_ARGUMENT,
      /conv.*the input \[2, 20000, 20000\] has 800000000 elements, more than the 268435456 supported/,
    );
  });
});
