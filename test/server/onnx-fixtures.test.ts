import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LayerKind, NormType } from "../../clients/ts/src/index.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/** Expected values written by test/fixtures/generate.py from an independent PyTorch oracle. */
interface ExpectedLayer {
  node_name: string;
  op_type: string;
  weight_name: string;
  kind: string;
  input_shape: number[];
  output_shape: number[];
  l1: number;
  linf: number;
  l1_maximiser: { channel: number; position: number[] };
  linf_maximiser: { channel: number; position: number[] };
}
interface ExpectedFixture {
  layers: ExpectedLayer[];
  network: { l1_product: number; linf_product: number };
}

const fixtures = new URL("../fixtures/", import.meta.url);
const expected = JSON.parse(readFileSync(new URL("expected.json", fixtures), "utf8")) as {
  fixtures: Record<string, ExpectedFixture>;
};

const KIND: Record<string, LayerKind> = {
  conv: LayerKind.LAYER_KIND_CONV,
  conv_transpose: LayerKind.LAYER_KIND_CONV_TRANSPOSE,
  linear: LayerKind.LAYER_KIND_LINEAR,
  batch_norm: LayerKind.LAYER_KIND_BATCH_NORM,
};

function expectRelClose(actual: number | undefined, wanted: number, tolerance: number): void {
  expect(actual).toBeDefined();
  expect(Math.abs((actual as number) - wanted)).toBeLessThanOrEqual(tolerance * Math.abs(wanted));
}

let ctx: TestServer;
beforeAll(async () => {
  ctx = await startTestServer();
});
afterAll(async () => {
  await ctx.close();
});

describe("PyTorch-exported ONNX fixtures against the independent oracle", () => {
  for (const [file, fixture] of Object.entries(expected.fixtures)) {
    it(`${file}: every layer's L1, L∞, maximisers and shapes (rel ≤ 1e-12)`, async () => {
      const bytes = readFileSync(fileURLToPath(new URL(file, fixtures)));
      const response = await ctx.client.computeNorms(bytes);
      expect(response.layers.map((l) => l.nodeName)).toEqual(fixture.layers.map((l) => l.node_name));
      for (const [i, want] of fixture.layers.entries()) {
        const got = response.layers[i];
        expect(got.opType, want.node_name).toBe(want.op_type);
        expect(got.weightName, want.node_name).toBe(want.weight_name);
        expect(got.kind, want.node_name).toBe(KIND[want.kind]);
        expect(got.inputShape, want.node_name).toEqual(want.input_shape);
        expect(got.outputShape, want.node_name).toEqual(want.output_shape);
        expectRelClose(got.l1, want.l1, 1e-12);
        expectRelClose(got.linf, want.linf, 1e-12);
        expect(got.l1Maximiser, `${want.node_name} l1 maximiser`).toEqual(want.l1_maximiser);
        expect(got.linfMaximiser, `${want.node_name} linf maximiser`).toEqual(want.linf_maximiser);
      }
      const [l1, linf] = response.network;
      expect(l1.norm).toBe(NormType.NORM_TYPE_L1);
      expectRelClose(l1.product, fixture.network.l1_product, 1e-10);
      expect(linf.norm).toBe(NormType.NORM_TYPE_LINF);
      expectRelClose(linf.product, fixture.network.linf_product, 1e-10);
    });
  }

  it("network figures: chains bound by the product, residual graphs by the propagated bound", async () => {
    const read = (file: string) => readFileSync(fileURLToPath(new URL(file, fixtures)));
    for (const file of [
      "bn_kept.onnx",
      "linear_nobias.onnx",
      "linear_nobias_unfolded.onnx",
      "odd_convs.onnx",
    ]) {
      const { network } = await ctx.client.computeNorms(read(file));
      for (const figure of network) {
        expect(figure.isChain, file).toBe(true);
        expectRelClose(figure.lipschitzBound, figure.product, 1e-12);
      }
    }
    const { network } = await ctx.client.computeNorms(read("resnet_fused.onnx"));
    for (const figure of network) {
      expect(figure.isChain).toBe(false);
      expect(figure.lipschitzBound).toBeGreaterThan(0);
      expect(figure.note).toMatch(/branched graph/);
    }
  });

  it("input_shape overrides the graph input: resnet_fused at 64×64 changes the first conv's rows", async () => {
    const bytes = readFileSync(fileURLToPath(new URL("resnet_fused.onnx", fixtures)));
    const response = await ctx.client.computeNorms(bytes, { inputShape: [1, 3, 64, 64] });
    expect(response.layers[0].inputShape).toEqual([3, 64, 64]);
    expect(response.layers[0].outputShape).toEqual([8, 32, 32]);
  });
});
