import { readFileSync } from "node:fs";
import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ClipSingularValuesRequest,
  DataType,
  type Layer,
  LayerKind,
} from "../../clients/ts/src/index.js";
import { makeConvGeometry } from "../../src/math/conv-geometry.js";
import { makeConvTransposeAdjointGeometry } from "../../src/math/conv-transpose-geometry.js";
import { denseCircularConv } from "../../src/math/testing/dense-circular-conv.js";
import { seededFloats } from "../../src/onnx/testing/seeded-random.js";
import { denseSingularValues, denseSpectralNorm } from "../support/dense-spectrum.js";
import { expectStatus } from "../support/expect-status.js";
import { convLayer, linearLayer, tensorValues } from "../support/raw-layers.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

let ctx: TestServer;
beforeAll(async () => {
  ctx = await startTestServer();
});
afterAll(async () => {
  await ctx.close();
});

function clip(layers: Layer[], clipTo: number, extra: Partial<ClipSingularValuesRequest> = {}) {
  return ctx.client.clipSingularValues({ model: { $case: "layers", value: { layers } }, clipTo, ...extra });
}

/** Every singular value of the circular conv of `weight` (2-d, no pads), descending. */
function circularSpectrum(
  weight: ArrayLike<number>,
  cin: number,
  cout: number,
  n: number[],
  k: number,
  s = 1,
) {
  const geometry = makeConvGeometry({
    inChannels: cin,
    outChannels: cout,
    inputSpatial: n,
    kernelSpatial: [k, k],
    strides: [s, s],
  });
  const m = denseCircularConv(weight, geometry);
  return denseSingularValues(m.data, m.rows, m.cols);
}

describe("ClipSingularValues (real server on loopback)", () => {
  for (const c of [
    { name: "x=[3,3,3] k=3 s=1", cin: 3, cout: 2, n: 3, k: 3, s: 1 },
    { name: "x=[2,4,4] k=4 s=2 (polyphase)", cin: 2, cout: 3, n: 4, k: 4, s: 2 },
  ]) {
    it(`k = n, ${c.name}: the spectrum becomes min(σ, clip_to) exactly; σ_max after ≤ clip_to + 1e-9`, async () => {
      const w = Array.from(seededFloats(c.cout * c.cin * c.k * c.k, c.n + c.s));
      const before = circularSpectrum(w, c.cin, c.cout, [c.n, c.n], c.k, c.s);
      const clipTo = 0.6 * before[0];
      const layer = convLayer("conv", [c.cout, c.cin, c.k, c.k], w, [c.cin, c.n, c.n], {
        strides: [c.s, c.s],
      });
      const [out] = (await clip([layer], clipTo)).layers;
      expect(out.nodeName).toBe("conv");
      expect(out.weightName).toBe("conv.weight");
      expect(out.kind).toBe(LayerKind.LAYER_KIND_CONV);
      expect(out.weight?.dtype).toBe(DataType.DATA_TYPE_FLOAT64);
      expect(out.weight?.shape).toEqual([c.cout, c.cin, c.k, c.k]);
      expect(out.grid).toEqual([c.n, c.n]);
      expect(out.changed).toBe(true);
      expect(Math.abs(out.sigmaMaxBefore - before[0])).toBeLessThanOrEqual(1e-10 * before[0]);
      const after = circularSpectrum(tensorValues(out.weight), c.cin, c.cout, [c.n, c.n], c.k, c.s);
      expect(Math.abs(out.sigmaMaxAfter - after[0])).toBeLessThanOrEqual(1e-10);
      expect(out.sigmaMaxAfter).toBeLessThanOrEqual(clipTo + 1e-9);
      expect(Math.abs(out.projectionShift)).toBeLessThanOrEqual(1e-9);
      const want = before.map((v) => Math.min(v, clipTo)).sort((a, b) => b - a);
      for (let i = 0; i < want.length; i++) expect(Math.abs(after[i] - want[i])).toBeLessThanOrEqual(1e-9);
    });
  }

  it("k < n, float32 x=[4,8,6] k=3 p=1: float32 back; σ_max after recomputed from the returned values", async () => {
    const w = seededFloats(6 * 4 * 9, 41);
    const layer = convLayer("conv", [6, 4, 3, 3], w, [4, 8, 6], { pads: [1, 1, 1, 1] }, true);
    const before = circularSpectrum(w, 4, 6, [8, 6], 3)[0];
    const [out] = (await clip([layer], 0.5 * before)).layers;
    expect(out.weight?.dtype).toBe(DataType.DATA_TYPE_FLOAT32);
    expect(out.weight?.shape).toEqual([6, 4, 3, 3]);
    expect(Math.abs(out.sigmaMaxBefore - before)).toBeLessThanOrEqual(1e-10 * before);
    const after = circularSpectrum(tensorValues(out.weight), 4, 6, [8, 6], 3)[0];
    expect(Math.abs(out.sigmaMaxAfter - after)).toBeLessThanOrEqual(1e-10 * after);
    expect(out.sigmaMaxAfter).toBeLessThan(out.sigmaMaxBefore);
    expect(out.projectionShift).toBeCloseTo(out.sigmaMaxAfter - 0.5 * before, 12);
    expect(out.valuesClipped).toBeGreaterThan(0);
    expect(out.blocksClipped).toBeGreaterThan(0);
    expect(out.blocksTotal).toBe(8 * 6);
  });

  it("clip_to above σ_max: unchanged, the same bytes back, σ_max after = before", async () => {
    const w = seededFloats(2 * 2 * 9, 7);
    const layer = convLayer("conv", [2, 2, 3, 3], w, [2, 5, 5], {}, true);
    const [out] = (await clip([layer], 1e6)).layers;
    expect(out.changed).toBe(false);
    expect(tensorValues(out.weight)).toEqual(Array.from(w));
    expect(out.sigmaMaxAfter).toBe(out.sigmaMaxBefore);
  });

  it("ConvTranspose x=[3,4,4] k=3 s=2: clipped as its adjoint conv on the 8×8 output grid", async () => {
    const w = Array.from(seededFloats(3 * 2 * 9, 13));
    const layer: Layer = {
      ...convLayer("up", [3, 2, 3, 3], w, [3, 4, 4], { strides: [2, 2], pads: [1, 1, 0, 0] }),
      kind: LayerKind.LAYER_KIND_CONV_TRANSPOSE,
    };
    const adjoint = makeConvTransposeAdjointGeometry({
      inChannels: 3,
      outChannels: 2,
      inputSpatial: [4, 4],
      kernelSpatial: [3, 3],
      strides: [2, 2],
      pads: [1, 1, 0, 0],
    });
    const [out] = (await clip([layer], 0.5)).layers;
    expect(out.kind).toBe(LayerKind.LAYER_KIND_CONV_TRANSPOSE);
    expect(out.grid).toEqual([8, 8]);
    const sigma = (values: number[]) => {
      const m = denseCircularConv(values, adjoint);
      return denseSpectralNorm(m.data, m.rows, m.cols);
    };
    expect(Math.abs(out.sigmaMaxBefore - sigma(w))).toBeLessThanOrEqual(1e-10 * out.sigmaMaxBefore);
    expect(Math.abs(out.sigmaMaxAfter - sigma(tensorValues(out.weight)))).toBeLessThanOrEqual(1e-10);
  });

  it("ONNX (resnet_fused.onnx): every conv, float32 kernels in the initializers' shapes; node_names picks some", async () => {
    const bytes = readFileSync(new URL("../fixtures/resnet_fused.onnx", import.meta.url));
    const all = await ctx.client.clipSingularValues({
      model: { $case: "onnxModel", value: bytes },
      clipTo: 1,
    });
    expect(all.layers).toHaveLength(20);
    for (const layer of all.layers) {
      expect(layer.weight?.dtype, layer.nodeName).toBe(DataType.DATA_TYPE_FLOAT32);
      expect(layer.weight?.shape, layer.nodeName).toHaveLength(4);
      expect(layer.weightName, layer.nodeName).toMatch(/^onnx::Conv_/);
      expect(layer.sigmaMaxBefore, layer.nodeName).toBeGreaterThan(1);
      expect(layer.sigmaMaxAfter, layer.nodeName).toBeLessThan(layer.sigmaMaxBefore);
    }
    const names = [all.layers[5].nodeName, all.layers[1].nodeName];
    const some = await ctx.client.clipSingularValues({
      model: { $case: "onnxModel", value: bytes },
      clipTo: 1,
      nodeNames: names,
    });
    expect(some.layers.map((l) => l.nodeName)).toEqual([names[1], names[0]]);
    expect(some.layers[0].weight?.data).toEqual(all.layers[1].weight?.data);
    expect(some.timing?.computeMs).toBeGreaterThan(0);
  });

  const conv = convLayer("conv", [1, 1, 3, 3], new Array(9).fill(1), [1, 4, 4]);
  for (const [name, clipTo] of [
    ["0", 0],
    ["-1", -1],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
  ] as const) {
    it(`throws INVALID_ARGUMENT naming clip_to when it is ${name}`, async () => {
      await expectStatus(
        clip([conv], clipTo),
        status.INVALID_ARGUMENT,
        /clip_to: must be a finite number > 0/,
      );
    });
  }

  it("throws INVALID_ARGUMENT naming node_names[1] for an unknown layer", async () => {
    await expectStatus(
      clip([conv], 1, { nodeNames: ["conv", "nope"] }),
      status.INVALID_ARGUMENT,
      /node_names\[1\]: no layer named 'nope' \(conv layers: 'conv'\)/,
    );
  });

  it("throws INVALID_ARGUMENT naming node_names[0] for a linear layer", async () => {
    await expectStatus(
      clip([conv, linearLayer("fc", 2, 16, new Array(32).fill(1))], 1, { nodeNames: ["fc"] }),
      status.INVALID_ARGUMENT,
      /node_names\[0\]: 'fc' is a linear layer; singular value clipping applies to Conv and ConvTranspose/,
    );
  });

  it("throws FAILED_PRECONDITION naming the node for stride 2 on a 5×5 input", async () => {
    const odd = convLayer("odd", [1, 1, 3, 3], new Array(9).fill(1), [1, 5, 5], { strides: [2, 2] });
    await expectStatus(
      clip([odd], 1),
      status.FAILED_PRECONDITION,
      /odd: singular value clipping not available: .*divisible/,
    );
  });

  it("throws FAILED_PRECONDITION naming the node for a 3-d conv", async () => {
    const vol = convLayer("vol", [1, 1, 2, 2, 2], new Array(8).fill(1), [1, 4, 4, 4]);
    await expectStatus(
      clip([vol], 1),
      status.FAILED_PRECONDITION,
      /vol: singular value clipping not available/,
    );
  });

  it("throws INVALID_ARGUMENT when no model is given", async () => {
    await expectStatus(
      ctx.client.clipSingularValues({ clipTo: 1 }),
      status.INVALID_ARGUMENT,
      /model: one of/,
    );
  });
});
