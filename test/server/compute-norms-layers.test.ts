import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AutoPad,
  DataType,
  float32Tensor,
  float64Tensor,
  type Layer,
  LayerKind,
  NormType,
} from "../../clients/ts/src/index.js";
import { expectStatus } from "../support/expect-status.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

let ctx: TestServer;
beforeAll(async () => {
  ctx = await startTestServer();
});
afterAll(async () => {
  await ctx.close();
});

const noConv = undefined;

function linear(name: string, rows: number, cols: number, values: number[]): Layer {
  return {
    name,
    kind: LayerKind.LAYER_KIND_LINEAR,
    weight: float64Tensor([rows, cols], values),
    conv: noConv,
    inputShape: [],
    batchNorm: undefined,
  };
}

describe("ComputeNorms with raw layers (real server on loopback)", () => {
  it("linear [[1,-2],[3,4]]: L1 = 6 at column 1, L∞ = 7 at row 1; chain product", async () => {
    const response = await ctx.client.computeLayerNorms([linear("fc", 2, 2, [1, -2, 3, 4])]);
    expect(response.layers).toHaveLength(1);
    const [fc] = response.layers;
    expect(fc.nodeName).toBe("fc");
    expect(fc.kind).toBe(LayerKind.LAYER_KIND_LINEAR);
    expect(fc.l1).toBe(6);
    expect(fc.l1Maximiser).toEqual({ channel: 1, position: [] });
    expect(fc.linf).toBe(7);
    expect(fc.linfMaximiser).toEqual({ channel: 1, position: [] });
    expect(response.network.map((n) => [n.norm, n.product, n.isChain])).toEqual([
      [NormType.NORM_TYPE_L1, 6, true],
      [NormType.NORM_TYPE_LINF, 7, true],
    ]);
    expect(response.timing?.computeMs).toBeGreaterThanOrEqual(0);
    expect(response.timing?.parseMs).toBeGreaterThanOrEqual(0);
  });

  it("conv x=[1,1,1] k=3 pad=1: only the centre tap reaches the single pixel", async () => {
    const kernel = [1, 2, 3, 4, -5, 6, 7, 8, 9];
    const response = await ctx.client.computeLayerNorms([
      {
        name: "conv",
        kind: LayerKind.LAYER_KIND_CONV,
        weight: float32Tensor([1, 1, 3, 3], kernel),
        conv: {
          strides: [],
          pads: [1, 1, 1, 1],
          dilations: [],
          group: 1,
          outputPadding: [],
          autoPad: AutoPad.AUTO_PAD_NOTSET,
          outputShape: [],
        },
        inputShape: [1, 1, 1],
        batchNorm: undefined,
      },
    ]);
    const [conv] = response.layers;
    expect(conv.l1).toBe(5);
    expect(conv.linf).toBe(5);
    expect(conv.outputShape).toEqual([1, 1, 1]);
    expect(conv.l1Maximiser).toEqual({ channel: 0, position: [0, 0] });
  });

  it("conv 2→2 x=[2,4,4] k=3 no pad: row sums see every tap, columns at the corners see one", async () => {
    // K[o,c,:,:] = (o+1)·(c+1) everywhere: row sum = 9·(o+1)·3, column (c, centre) = 4·(c+1)·3 …
    const values: number[] = [];
    for (let o = 0; o < 2; o++)
      for (let c = 0; c < 2; c++) for (let t = 0; t < 9; t++) values.push((o + 1) * (c + 1));
    const response = await ctx.client.computeLayerNorms([
      {
        name: "conv",
        kind: LayerKind.LAYER_KIND_CONV,
        weight: float64Tensor([2, 2, 3, 3], values),
        conv: undefined,
        inputShape: [2, 4, 4],
        batchNorm: undefined,
      },
    ]);
    const [conv] = response.layers;
    // Row (o=1): Σ_c Σ_taps (2)(c+1) = 9·2·(1+2) = 54.
    expect(conv.linf).toBe(54);
    expect(conv.linfMaximiser).toEqual({ channel: 1, position: [0, 0] });
    // Output is 2×2, so input pixel (1,1) is read by all four outputs through four distinct taps:
    // column (c=1) = Σ_o (o+1)·2 · 4 = 24; pixel (0,0) only by tap (0,0) of output (0,0).
    expect(conv.l1).toBe(24);
    expect(conv.l1Maximiser).toEqual({ channel: 1, position: [1, 1] });
  });

  it("batch norm: max |γ|/√(σ²+ε) with its channel", async () => {
    const response = await ctx.client.computeLayerNorms([
      {
        name: "bn",
        kind: LayerKind.LAYER_KIND_BATCH_NORM,
        weight: float64Tensor([3], [2, -3, 1]),
        conv: undefined,
        inputShape: [],
        batchNorm: { variance: float64Tensor([3], [3, 3, 0]), epsilon: 1 },
      },
    ]);
    const [bn] = response.layers;
    expect(bn.l1).toBe(1.5);
    expect(bn.linf).toBe(1.5);
    expect(bn.l1Maximiser?.channel).toBe(1);
  });

  it("only the requested norm is filled", async () => {
    const response = await ctx.client.computeLayerNorms([linear("fc", 1, 2, [1, 2])], {
      norms: [NormType.NORM_TYPE_LINF],
    });
    expect(response.layers[0].l1).toBeUndefined();
    expect(response.layers[0].linf).toBe(3);
    expect(response.network).toHaveLength(1);
  });
});

describe("ComputeNorms rejects bad input with a clear status", () => {
  const cases: [string, Layer, RegExp][] = [
    [
      "wrong byte length",
      {
        ...linear("fc", 2, 2, [1, 2, 3, 4]),
        weight: { dtype: DataType.DATA_TYPE_FLOAT32, shape: [2, 2], data: new Uint8Array(15) },
      },
      /layers\[0\]\.weight: data has 15 bytes .* needs 16/,
    ],
    ["NaN weight", linear("fc", 1, 2, [1, Number.NaN]), /layers\[0\]\.weight: element 1 is NaN/],
    ["Inf weight", linear("fc", 1, 2, [Number.POSITIVE_INFINITY, 1]), /element 0 is Infinity/],
    [
      "unspecified dtype",
      {
        ...linear("fc", 1, 1, [1]),
        weight: { dtype: DataType.DATA_TYPE_UNSPECIFIED, shape: [1, 1], data: new Uint8Array(4) },
      },
      /dtype .* is not supported/,
    ],
    [
      "integer dtype",
      {
        ...linear("fc", 1, 1, [1]),
        weight: { dtype: DataType.DATA_TYPE_INT32, shape: [1, 1], data: new Uint8Array(4) },
      },
      /DATA_TYPE_INT32 is not supported/,
    ],
    [
      "negative dimension",
      {
        ...linear("fc", 1, 1, [1]),
        weight: { dtype: DataType.DATA_TYPE_FLOAT32, shape: [-1, 1], data: new Uint8Array(4) },
      },
      /dimension 0 is -1/,
    ],
    [
      "absurd dimensions",
      {
        ...linear("fc", 1, 1, [1]),
        weight: { dtype: DataType.DATA_TYPE_FLOAT32, shape: [1 << 30, 1 << 30], data: new Uint8Array(4) },
      },
      /more than 2147483647 elements/,
    ],
    [
      "missing weight",
      { ...linear("fc", 1, 1, [1]), weight: undefined },
      /layers\[0\]\.weight: tensor is required/,
    ],
    [
      "unspecified kind",
      { ...linear("fc", 1, 1, [1]), kind: LayerKind.LAYER_KIND_UNSPECIFIED },
      /layers\[0\]\.kind/,
    ],
    [
      "conv without input shape",
      {
        ...linear("c", 1, 1, [1]),
        kind: LayerKind.LAYER_KIND_CONV,
        weight: float32Tensor([1, 1, 3, 3], Array(9).fill(1)),
      },
      /layers\[0\]\.input_shape: expected \[C, S, S\]/,
    ],
    [
      "conv kernel larger than the padded input",
      {
        ...linear("c", 1, 1, [1]),
        kind: LayerKind.LAYER_KIND_CONV,
        weight: float32Tensor([1, 1, 3, 3], Array(9).fill(1)),
        inputShape: [1, 2, 2],
      },
      /kernel extent 3 exceeds padded input 2/,
    ],
    [
      "conv channel mismatch",
      {
        ...linear("c", 1, 1, [1]),
        kind: LayerKind.LAYER_KIND_CONV,
        weight: float32Tensor([1, 2, 1, 1], [1, 1]),
        inputShape: [3, 2, 2],
      },
      /3 input channels, but weight \[1,2,1,1\] with group 1 expects 2/,
    ],
  ];
  for (const [name, layer, message] of cases) {
    it(`throws INVALID_ARGUMENT for ${name}`, async () => {
      await expectStatus(ctx.client.computeLayerNorms([layer]), status.INVALID_ARGUMENT, message);
    });
  }

  it("throws INVALID_ARGUMENT when no model is given", async () => {
    await expectStatus(
      ctx.client.call({ model: undefined, norms: [], inputShape: [] }),
      status.INVALID_ARGUMENT,
      /model: one of onnx_model, model_id or layers is required/,
    );
  });

  it("throws UNIMPLEMENTED for model_id until upload exists", async () => {
    await expectStatus(
      ctx.client.call({ model: { $case: "modelId", value: "m1" }, norms: [], inputShape: [] }),
      status.UNIMPLEMENTED,
      /model_id/,
    );
  });

  it("throws INVALID_ARGUMENT for an empty layer list", async () => {
    await expectStatus(ctx.client.computeLayerNorms([]), status.INVALID_ARGUMENT, /at least one layer/);
  });

  it("throws INVALID_ARGUMENT for an int64 dimension beyond 2^53 (undecodable request)", async () => {
    // Hand-encode Layer.weight.shape = [2^60]: ts-proto refuses to turn it into a number.
    const { ComputeNormsRequest } = await import("../../src/gen/normserve/v1/compute_norms.js");
    const { BinaryWriter } = await import("@bufbuild/protobuf/wire");
    const tensor = new BinaryWriter()
      .uint32(8)
      .int32(1)
      .uint32(18)
      .fork()
      .int64(2n ** 60n)
      .join()
      .finish();
    const layer = new BinaryWriter().uint32(16).int32(3).uint32(26).bytes(tensor).finish();
    const layerSet = new BinaryWriter().uint32(10).bytes(layer).finish();
    const bytes = new BinaryWriter().uint32(26).bytes(layerSet).finish();
    expect(() => ComputeNormsRequest.decode(bytes)).toThrow();
    const error = await new Promise<{ code?: number; details?: string }>((resolve) => {
      ctx.client.stub.makeUnaryRequest(
        "/normserve.v1.NormService/ComputeNorms",
        (b: Uint8Array) => Buffer.from(b),
        (b: Buffer) => b,
        bytes,
        (e) => resolve(e ?? {}),
      );
    });
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toMatch(
      /request could not be decoded: Value is larger than Number.MAX_SAFE_INTEGER/,
    );
  });
});
