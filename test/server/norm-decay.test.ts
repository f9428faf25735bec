import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ConvAttributes,
  DataType,
  type Layer,
  LayerKind,
  type NormDecayRequest,
  NormType,
} from "../../clients/ts/src/index.js";
import { bruteForceLines } from "../../src/norms/testing/brute-force-layer-lines.js";
import { seededFloats } from "../../src/onnx/testing/seeded-random.js";
import { decodeLayerSet } from "../../src/server/decode-layer-set.js";
import { batchNormLayer, convLayer, linearLayer, tensor, tensorValues } from "../support/raw-layers.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

let ctx: TestServer;
beforeAll(async () => {
  ctx = await startTestServer();
});
afterAll(async () => {
  await ctx.close();
});

function request(layers: Layer[], fields: Partial<NormDecayRequest>): Partial<NormDecayRequest> {
  return { model: { $case: "layers", value: { layers } }, norm: NormType.NORM_TYPE_L1, beta: 1, ...fields };
}

const nonzero = (values: readonly number[]) => values.flatMap((v, i) => (v !== 0 ? [i] : []));

const CONVS: [string, number[], number[], Partial<ConvAttributes>][] = [
  [
    "x=[2,3,3] w=[3,2,3,3] s=2 d=2 p=1 (input smaller than the dilated kernel)",
    [3, 2, 3, 3],
    [2, 3, 3],
    { strides: [2, 2], dilations: [2, 2], pads: [1, 1, 1, 1] },
  ],
  [
    "x=[4,5,4] w=[4,2,2,3] g=2 s=[2,1] p=[0,1,1,0]",
    [4, 2, 2, 3],
    [4, 5, 4],
    { group: 2, strides: [2, 1], pads: [0, 1, 1, 0] },
  ],
  [
    "x=[1,2,2] w=[2,1,3,3] p=1 (input smaller than the kernel)",
    [2, 1, 3, 3],
    [1, 2, 2],
    { pads: [1, 1, 1, 1] },
  ],
];

describe("NormDecay: G's pattern is the maximiser's weights (real server)", () => {
  for (const [name, shape, inputShape, attrs] of CONVS)
    for (const [norm, key] of [
      [NormType.NORM_TYPE_L1, "l1"],
      [NormType.NORM_TYPE_LINF, "linf"],
    ] as const)
      it(`${key} ${name}`, async () => {
        const weights = Array.from(
          seededFloats(
            shape.reduce((a, b) => a * b, 1),
            shape.length + inputShape[1],
          ),
        );
        weights[3] = 0; // sign(0) = 0: a zero weight of the maximiser gets no decay
        const layer = convLayer("conv", shape, weights, inputShape, attrs);
        const norms = await ctx.client.computeLayerNorms([layer], { norms: [norm] });
        const decay = await ctx.client.normDecay(request([layer], { norm, beta: 1, momentum: 0 }));
        expect(decay.sessionId).toBe("");
        const [entry] = decay.layers;
        const maximiser = key === "l1" ? norms.layers[0].l1Maximiser : norms.layers[0].linfMaximiser;
        expect(entry.maximiser).toEqual(maximiser);
        expect(entry.normBefore).toBe(norms.layers[0][key]);
        // Brute force: the dense matrix's line at that maximiser, as weight indices.
        const [decoded] = decodeLayerSet({ layers: [layer] });
        const line = bruteForceLines(decoded, key).find(
          (l) => l.channel === maximiser?.channel && l.position.join() === maximiser?.position.join(),
        );
        const g = tensorValues(entry.decay);
        expect(entry.decay?.shape).toEqual(shape);
        expect(nonzero(g)).toEqual(line?.indices.filter((i) => weights[i] !== 0));
        for (const i of nonzero(g)) expect(g[i]).toBe(Math.sign(weights[i]));
      });
});

describe("NormDecay: values", () => {
  it("momentum μ=0.5 over k=4 calls in one session: G = sign on the new maximiser, μ^k·G₀ elsewhere", async () => {
    // Linear [2,3], L1: the column with the largest abs sum. W1 → column 0, W2 → column 2.
    const w1 = linearLayer("fc", 2, 3, [5, 1, 1, -4, 1, 1]);
    const w2 = linearLayer("fc", 2, 3, [1, 1, -6, 1, 1, 3]);
    const { sessionId } = await ctx.client.openSession();
    const beta = 0.1;
    const first = await ctx.client.normDecay(request([w1], { beta, momentum: 0.5, sessionId }));
    expect(tensorValues(first.layers[0].decay)).toEqual([0.1, 0, 0, -0.1, 0, 0]);
    let last = first;
    for (let k = 1; k <= 4; k++)
      last = await ctx.client.normDecay(request([w2], { beta, momentum: 0.5, sessionId }));
    expect(last.sessionId).toBe(sessionId);
    const want = [0.5 ** 4, 0, -1, -(0.5 ** 4), 0, 1].map((g) => beta * g);
    for (const [i, v] of tensorValues(last.layers[0].decay).entries()) expect(v).toBeCloseTo(want[i], 15);
    expect((await ctx.client.closeSession(sessionId)).closed).toBe(true);
  });

  it("μ > 0 without a session opens one and returns its id; the next call continues it", async () => {
    const layer = linearLayer("fc", 1, 2, [3, -1]);
    const first = await ctx.client.normDecay(request([layer], { momentum: 0.25 }));
    expect(first.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const moved = linearLayer("fc", 1, 2, [1, -3]);
    const second = await ctx.client.normDecay(
      request([moved], { momentum: 0.25, sessionId: first.sessionId }),
    );
    expect(tensorValues(second.layers[0].decay)).toEqual([0.25, -1]);
    await ctx.client.closeSession(first.sessionId);
  });

  it("with gradients: ∇W + β·G, float32 in → float32 out, includes_gradient", async () => {
    const layer = linearLayer("fc", 2, 2, [1, -2, 3, 4], true);
    const response = await ctx.client.normDecay(
      request([layer], {
        beta: 0.5,
        momentum: 0,
        gradients: { "fc.weight": tensor([2, 2], [0.1, 0.2, 0.3, 0.4], true) },
      }),
    );
    const [entry] = response.layers;
    expect(entry.includesGradient).toBe(true);
    expect(entry.decay?.dtype).toBe(DataType.DATA_TYPE_FLOAT32);
    // L1 column 1 (|−2| + |4| = 6): sign = [−1, +1].
    expect(tensorValues(entry.decay)).toEqual([0.1, 0.2 - 0.5, 0.3, 0.4 + 0.5].map(Math.fround));
  });

  it("batch norm: the decay term really changes γ's gradient (the reference code forgot it)", async () => {
    // |γ|/√σ² = [1, 1.5, 4]: channel 2, subgradient sign(2)/√0.25 = 2.
    const bn = batchNormLayer("bn", [1, -3, 2], [1, 4, 0.25]);
    const gradient = [0.1, 0.2, 0.3];
    const response = await ctx.client.normDecay(
      request([bn], {
        norm: NormType.NORM_TYPE_LINF,
        beta: 0.5,
        momentum: 0,
        gradients: { "bn.weight": tensor([3], gradient) },
      }),
    );
    const [entry] = response.layers;
    expect(entry).toMatchObject({
      nodeName: "bn",
      weightName: "bn.weight",
      kind: LayerKind.LAYER_KIND_BATCH_NORM,
      normBefore: 4,
    });
    expect(tensorValues(entry.decay)).toEqual([0.1, 0.2, 1.3]);
    expect(tensorValues(entry.decay)).not.toEqual(gradient);
  });

  it("kind flags select layers (all false = every kind); β = 0 sends no decay tensors", async () => {
    const layers = [
      convLayer("conv", [1, 1, 1, 1], [2], [1, 2, 2]),
      linearLayer("fc", 1, 4, [1, 2, 3, 4]),
      batchNormLayer("bn", [1], [1]),
    ];
    const all = await ctx.client.normDecay(request(layers, { momentum: 0 }));
    expect(all.layers.map((l) => l.nodeName)).toEqual(["conv", "fc", "bn"]);
    const some = await ctx.client.normDecay(request(layers, { momentum: 0, linear: true, batchNorm: true }));
    expect(some.layers.map((l) => l.nodeName)).toEqual(["fc", "bn"]);
    const none = await ctx.client.normDecay(request(layers, { momentum: 0, beta: 0 }));
    expect(none.layers.map((l) => [l.nodeName, l.decay])).toEqual([
      ["conv", undefined],
      ["fc", undefined],
      ["bn", undefined],
    ]);
    expect(none.layers[1].normBefore).toBe(4);
  });
});
