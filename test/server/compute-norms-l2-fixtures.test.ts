import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { L2Method, LayerKind, NormType } from "../../clients/ts/src/index.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

const fixtures = new URL("../fixtures/", import.meta.url);
const files = readdirSync(fileURLToPath(fixtures)).filter((f) => f.endsWith(".onnx"));
const ALL = [NormType.NORM_TYPE_L1, NormType.NORM_TYPE_LINF, NormType.NORM_TYPE_L2];

let ctx: TestServer;
beforeAll(async () => {
  ctx = await startTestServer();
});
afterAll(async () => {
  await ctx.close();
});

describe("NORM_TYPE_L2 on the PyTorch-exported ONNX fixtures", () => {
  it("covers every fixture", () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  for (const file of files) {
    it(`${file}: every layer has l2 ≤ its Gram bound and ≤ √(l1·l∞) (Hölder) + 1e-9`, async () => {
      const bytes = readFileSync(fileURLToPath(new URL(file, fixtures)));
      const response = await ctx.client.computeNorms(bytes, { norms: ALL });
      expect(response.layers.length).toBeGreaterThan(0);
      for (const layer of response.layers) {
        const name = `${file} ${layer.nodeName}`;
        const l2 = layer.l2 as number;
        expect(l2, name).toBeGreaterThan(0);
        // ‖T‖₂² = ρ(TᵀT) ≤ ‖TᵀT‖₁ ≤ ‖Tᵀ‖₁‖T‖₁ = ‖T‖∞‖T‖₁.
        expect(l2, name).toBeLessThanOrEqual(Math.sqrt((layer.l1 as number) * (layer.linf as number)) + 1e-9);
        const conv =
          layer.kind === LayerKind.LAYER_KIND_CONV || layer.kind === LayerKind.LAYER_KIND_CONV_TRANSPOSE;
        if (conv) {
          expect(layer.l2Method, name).toBe(L2Method.L2_METHOD_POWER_ITERATION);
          expect(layer.l2UpperBoundMethod, name).toBe(L2Method.L2_METHOD_GRAM_ITERATION_BOUND);
          expect(l2, name).toBeLessThanOrEqual(layer.l2UpperBound as number);
          expect(layer.l2Residual, name).toBeLessThan(1e-5);
        } else {
          expect(layer.l2Method, name).toBe(L2Method.L2_METHOD_EXACT);
        }
        if (layer.kind === LayerKind.LAYER_KIND_BATCH_NORM) expect(l2, name).toBe(layer.l1);
      }
      const l2 = response.network.find((n) => n.norm === NormType.NORM_TYPE_L2);
      expect(l2?.product).toBeGreaterThan(0);
      expect(l2?.lipschitzBound, l2?.note).toBeGreaterThan(0);
      expect(l2?.note).not.toMatch(/not guaranteed/);
    });
  }
});
