import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { L2Method, type Layer, LayerKind, NormType } from "../../clients/ts/src/index.js";
import { makeConvGeometry } from "../../src/math/conv-geometry.js";
import { denseCircularConv } from "../../src/math/testing/dense-circular-conv.js";
import { denseConvMatrix, denseConvTransposeMatrix } from "../../src/math/testing/dense-conv-matrix.js";
import { floatAttr } from "../../src/onnx/testing/onnx-builder.js";
import { seededFloats } from "../../src/onnx/testing/seeded-random.js";
import { singleOpModel } from "../../src/onnx/testing/single-op-model.js";
import { floatTensor } from "../../src/onnx/testing/tensors.js";
import { denseSpectralNorm } from "../support/dense-spectrum.js";
import { expectStatus } from "../support/expect-status.js";
import { batchNormLayer, convLayer, linearLayer } from "../support/raw-layers.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

const L2 = [NormType.NORM_TYPE_L2];
const ALL = [NormType.NORM_TYPE_L1, NormType.NORM_TYPE_LINF, NormType.NORM_TYPE_L2];

let ctx: TestServer;
beforeAll(async () => {
  ctx = await startTestServer();
});
afterAll(async () => {
  await ctx.close();
});

function relError(a: number | undefined, b: number): number {
  expect(a).toBeDefined();
  return Math.abs((a as number) - b) / Math.abs(b);
}

describe("ComputeNorms NORM_TYPE_L2 (real server on loopback)", () => {
  it("linear [5,7]: exact σ_max equals the dense SVD's (rel ≤ 1e-12)", async () => {
    const w = Array.from(seededFloats(35, 3));
    const response = await ctx.client.computeLayerNorms([linearLayer("fc", 5, 7, w)], { norms: L2 });
    const [fc] = response.layers;
    expect(fc.l2Method).toBe(L2Method.L2_METHOD_EXACT);
    expect(relError(fc.l2, denseSpectralNorm(w, 5, 7))).toBeLessThanOrEqual(1e-12);
    expect(fc.l2Iterations).toBeGreaterThan(0);
    expect(fc.l2UpperBound).toBeUndefined();
    expect(fc.l1).toBeUndefined();
    expect(response.network.map((n) => n.norm)).toEqual([NormType.NORM_TYPE_L2]);
  });

  it("ONNX Gemm alpha=2.5 transB=1 on [4,3]: l2 = 2.5·σ_max(B)", async () => {
    const b = Array.from(seededFloats(12, 9));
    const bytes = singleOpModel({
      op: "Gemm",
      inputs: ["x", "B"],
      data: { x: [1, 3] },
      initializers: [floatTensor("B", [4, 3], b)],
      attributes: { alpha: floatAttr(2.5), transB: 1 },
    });
    const [gemm] = (await ctx.client.computeNorms(bytes, { norms: L2 })).layers;
    const f32 = Array.from(Float32Array.from(b));
    expect(relError(gemm.l2, 2.5 * denseSpectralNorm(f32, 4, 3))).toBeLessThanOrEqual(1e-12);
    expect(gemm.l2Method).toBe(L2Method.L2_METHOD_EXACT);
  });

  it("batch norm: l2 = max |γ|/√(σ²+ε), exact", async () => {
    const response = await ctx.client.computeLayerNorms(
      [batchNormLayer("bn", [0.5, -3, 2], [1, 4, 0.25], 0)],
      {
        norms: ALL,
      },
    );
    const [bn] = response.layers;
    expect(bn.l2).toBe(4);
    expect(bn.l1).toBe(4);
    expect(bn.l2Method).toBe(L2Method.L2_METHOD_EXACT);
    expect(bn.l2Iterations).toBeUndefined();
  });

  const convCases = [
    { name: "x=[3,6,5] k=3 p=1 s=1", cin: 3, cout: 4, x: [6, 5], k: 3, s: 1, p: 1, g: 1 },
    { name: "x=[4,7,7] k=3 p=1 s=2 g=2", cin: 4, cout: 6, x: [7, 7], k: 3, s: 2, p: 1, g: 2 },
    {
      name: "x=[2,3,3] k=5 p=2 s=1 (kernel larger than the input)",
      cin: 2,
      cout: 3,
      x: [3, 3],
      k: 5,
      s: 1,
      p: 2,
      g: 1,
    },
  ];
  for (const c of convCases) {
    it(`conv ${c.name}: power iteration = dense σ_max (rel ≤ 1e-9) ≤ Gram bound`, async () => {
      const w = seededFloats((c.cout * c.cin * c.k * c.k) / c.g, c.cin + c.k);
      const geometry = makeConvGeometry({
        inChannels: c.cin,
        outChannels: c.cout,
        group: c.g,
        inputSpatial: c.x,
        kernelSpatial: [c.k, c.k],
        strides: [c.s, c.s],
        pads: [c.p, c.p, c.p, c.p],
      });
      const dense = denseConvMatrix(w, geometry);
      const exact = denseSpectralNorm(dense.data, dense.rows, dense.cols);
      const layer = convLayer(
        "conv",
        [c.cout, c.cin / c.g, c.k, c.k],
        w,
        [c.cin, ...c.x],
        {
          strides: [c.s, c.s],
          pads: [c.p, c.p, c.p, c.p],
          group: c.g,
        },
        true,
      );
      const [conv] = (await ctx.client.computeLayerNorms([layer], { norms: L2 })).layers;
      expect(conv.l2Method).toBe(L2Method.L2_METHOD_POWER_ITERATION);
      expect(relError(conv.l2, exact)).toBeLessThanOrEqual(1e-9);
      expect(conv.l2Iterations).toBeGreaterThan(0);
      expect(conv.l2Residual).toBeGreaterThanOrEqual(0);
      expect(conv.l2UpperBoundMethod).toBe(L2Method.L2_METHOD_GRAM_ITERATION_BOUND);
      expect(conv.l2UpperBound).toBeGreaterThanOrEqual(exact);
    });
  }

  it("ConvTranspose x=[3,4,4] k=3 s=2 output_padding=1: power iteration = dense σ_max of its own matrix", async () => {
    const w = seededFloats(3 * 2 * 9, 21);
    const options = {
      inChannels: 3,
      outChannels: 2,
      inputSpatial: [4, 4],
      kernelSpatial: [3, 3],
      strides: [2, 2],
      pads: [1, 1, 1, 1],
      outputPadding: [1, 1],
    };
    const dense = denseConvTransposeMatrix(w, options);
    const layer: Layer = {
      ...convLayer(
        "up",
        [3, 2, 3, 3],
        w,
        [3, 4, 4],
        { strides: [2, 2], pads: [1, 1, 1, 1], outputPadding: [1, 1] },
        true,
      ),
      kind: LayerKind.LAYER_KIND_CONV_TRANSPOSE,
    };
    const [up] = (await ctx.client.computeLayerNorms([layer], { norms: L2 })).layers;
    const exact = denseSpectralNorm(dense.data, dense.rows, dense.cols);
    expect(up.outputShape).toEqual([2, ...dense.outputSpatial]);
    expect(relError(up.l2, exact)).toBeLessThanOrEqual(1e-9);
    expect(up.l2UpperBound).toBeGreaterThanOrEqual(exact);
  });

  it("conv_l2_method GRAM_ITERATION_BOUND: l2 is the bound, also as l2_upper_bound; EXACT_CIRCULAR: the circular operator's σ_max", async () => {
    const w = seededFloats(4 * 3 * 9, 5);
    const layer = convLayer("conv", [4, 3, 3, 3], w, [3, 6, 6], { pads: [1, 1, 1, 1] });
    const [gram] = (
      await ctx.client.computeLayerNorms([layer], {
        norms: L2,
        convL2Method: L2Method.L2_METHOD_GRAM_ITERATION_BOUND,
      })
    ).layers;
    expect(gram.l2Method).toBe(L2Method.L2_METHOD_GRAM_ITERATION_BOUND);
    expect(gram.l2UpperBound).toBe(gram.l2);
    const shape = { inChannels: 3, outChannels: 4, inputSpatial: [6, 6], kernelSpatial: [3, 3] };
    const geometry = makeConvGeometry(shape);
    const zero = denseConvMatrix(w, makeConvGeometry({ ...shape, pads: [1, 1, 1, 1] }));
    expect(gram.l2).toBeGreaterThanOrEqual(denseSpectralNorm(zero.data, zero.rows, zero.cols));
    const [circular] = (
      await ctx.client.computeLayerNorms([layer], {
        norms: L2,
        convL2Method: L2Method.L2_METHOD_EXACT_CIRCULAR,
      })
    ).layers;
    const circ = denseCircularConv(w, geometry);
    expect(circular.l2Method).toBe(L2Method.L2_METHOD_EXACT_CIRCULAR);
    expect(relError(circular.l2, denseSpectralNorm(circ.data, circ.rows, circ.cols))).toBeLessThanOrEqual(
      1e-10,
    );
    expect(circular.l2UpperBound).toBeUndefined();
  });

  it("a chain's L2 network figure: product of l2, bound from the layers' upper bounds", async () => {
    const conv = convLayer("conv", [2, 1, 3, 3], seededFloats(18, 8), [1, 4, 4], { pads: [1, 1, 1, 1] });
    const fc = linearLayer("fc", 3, 32, seededFloats(96, 9));
    const response = await ctx.client.computeLayerNorms([conv, fc], { norms: ALL });
    const [c, f] = response.layers;
    const net = response.network.find((n) => n.norm === NormType.NORM_TYPE_L2);
    expect(net?.product).toBeCloseTo((c.l2 ?? 0) * (f.l2 ?? 0), 12);
    expect(net?.lipschitzBound).toBeCloseTo((c.l2UpperBound ?? 0) * (f.l2 ?? 0), 12);
    const estimateOnly = await ctx.client.computeLayerNorms([conv, fc], {
      norms: L2,
      convL2Method: L2Method.L2_METHOD_POWER_ITERATION,
    });
    expect(estimateOnly.network[0].note).toMatch(
      /not guaranteed: 1 layer\(s\) contribute an estimate.*conv, power-iteration/,
    );
  });

  it("without NORM_TYPE_L2 nothing spectral is reported", async () => {
    const [fc] = (await ctx.client.computeLayerNorms([linearLayer("fc", 2, 2, [1, -2, 3, 4])])).layers;
    expect(fc.l2).toBeUndefined();
    expect(fc.l2Method).toBe(L2Method.L2_METHOD_UNSPECIFIED);
  });

  it("throws INVALID_ARGUMENT for conv_l2_method EXACT, naming the field", async () => {
    await expectStatus(
      ctx.client.computeLayerNorms([linearLayer("fc", 1, 1, [1])], {
        norms: L2,
        convL2Method: L2Method.L2_METHOD_EXACT,
      }),
      status.INVALID_ARGUMENT,
      /conv_l2_method: L2_METHOD_EXACT is not available/,
    );
  });

  it("throws INVALID_ARGUMENT for a negative l2_max_iterations", async () => {
    await expectStatus(
      ctx.client.computeLayerNorms([linearLayer("fc", 1, 1, [1])], { norms: L2, l2MaxIterations: -1 }),
      status.INVALID_ARGUMENT,
      /l2_max_iterations/,
    );
  });

  it("throws FAILED_PRECONDITION naming the node for a 3-d conv", async () => {
    const layer = convLayer("vol", [1, 1, 2, 2, 2], new Array(8).fill(1), [1, 3, 3, 3]);
    await expectStatus(
      ctx.client.computeLayerNorms([layer], { norms: L2 }),
      status.FAILED_PRECONDITION,
      /vol: L2 norm not available: .*rank 3/,
    );
  });

  it("throws FAILED_PRECONDITION naming the node for EXACT_CIRCULAR with stride 2 on an odd input", async () => {
    const layer = convLayer("odd", [1, 1, 3, 3], new Array(9).fill(1), [1, 5, 5], { strides: [2, 2] });
    await expectStatus(
      ctx.client.computeLayerNorms([layer], { norms: L2, convL2Method: L2Method.L2_METHOD_EXACT_CIRCULAR }),
      status.FAILED_PRECONDITION,
      /odd: L2 norm not available: .*divisible/,
    );
  });
});
