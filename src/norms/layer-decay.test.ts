import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NormserveError } from "../errors/normserve-error.js";
import { makeConvGeometry } from "../math/conv-geometry.js";
import { makeConvTransposeAdjointGeometry } from "../math/conv-transpose-geometry.js";
import { randomSigns, randomWeights } from "../math/testing/random-conv.js";
import { layerNormDecay } from "./layer-decay.js";
import { layerWeight } from "./layer-maximiser.js";
import type { LinearOperatorLayer } from "./linear-layer.js";
import { bruteForceLines, bruteForceNorm, lineSums } from "./testing/brute-force-layer-lines.js";
import { layerCaseArbitrary } from "./testing/layer-cases.js";
import {
  testBatchNormLayer,
  testConvLayer,
  testConvTransposeLayer,
  testLinearLayer,
} from "./testing/test-layers.js";

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

const norms = fc.constantFrom<"l1" | "linf">("l1", "linf");

/** Index of the brute-force line at the reported maximiser. */
function lineOf(
  layer: LinearOperatorLayer,
  norm: "l1" | "linf",
  channel: number,
  position: readonly number[],
): number {
  return bruteForceLines(layer, norm).findIndex(
    (l) => l.channel === channel && l.position.join(",") === position.join(","),
  );
}

describe("layerNormDecay: G's support is the maximiser's weights (ComputeNorms' maximiser vs brute force)", () => {
  it("random conv / ConvTranspose / linear / batch-norm layers, incl. integer weights with ties and zeros", () => {
    fc.assert(
      fc.property(layerCaseArbitrary(), norms, ({ layer, name, exact }, norm) => {
        const w = layerWeight(layer);
        const lines = bruteForceLines(layer, norm);
        const sums = lineSums(lines, w);
        const best = Math.max(0, ...sums);
        const result = layerNormDecay(layer, { norm, beta: 1, momentum: 0 });
        const label = `${name} ${norm}`;
        expect(Math.abs(result.normBefore.value - best), label).toBeLessThanOrEqual(
          1e-12 * Math.max(1, best),
        );
        const line = lineOf(layer, norm, result.normBefore.channel, result.normBefore.position);
        expect(line, label).toBeGreaterThanOrEqual(0);
        expect(Math.abs(sums[line] - best), label).toBeLessThanOrEqual(1e-12 * Math.max(1, best));
        // Exact arithmetic (integer weights): the documented tie rule picks the first maximal line.
        if (exact) expect(line, label).toBe(sums.indexOf(best));
        expect(Array.from(result.weightIndices), label).toEqual(lines[line].indices);
        const support = Array.from(result.state.keys()).filter((i) => result.state[i] !== 0);
        expect(support, label).toEqual(lines[line].indices.filter((i) => w[i] !== 0));
      }),
      { numRuns: 400, seed: 51 },
    );
  });

  it("ConvTranspose x=[2,3,3] k=3 s=2 p=0 output_padding=1 (negative adjoint pad): support vs brute force", () => {
    const adjoint = makeConvTransposeAdjointGeometry({
      inChannels: 2,
      outChannels: 3,
      inputSpatial: [3, 3],
      kernelSpatial: [3, 3],
      strides: [2, 2],
      outputPadding: [1, 1],
    });
    expect(Math.min(...adjoint.padsEnd)).toBeLessThan(0);
    const layer = testConvTransposeLayer(adjoint, randomWeights(2 * 3 * 9, 3));
    for (const norm of ["l1", "linf"] as const) {
      const result = layerNormDecay(layer, { norm, beta: 1, momentum: 0 });
      const line = lineOf(layer, norm, result.normBefore.channel, result.normBefore.position);
      expect(Array.from(result.weightIndices)).toEqual(bruteForceLines(layer, norm)[line].indices);
    }
  });
});

describe("layerNormDecay: the decay term is a subgradient of the norm", () => {
  it("random layers, unique maximiser: ⟨G, D⟩ = finite difference of the norm along D (h=1e-7, D random signs)", () => {
    let checked = 0;
    fc.assert(
      fc.property(layerCaseArbitrary({ ties: false }), norms, fc.integer(), ({ layer, name }, norm, seed) => {
        const w = layerWeight(layer);
        const lines = bruteForceLines(layer, norm);
        const sums = lineSums(lines, w).sort((a, b) => b - a);
        const h = 1e-7;
        const maxFactor = Math.max(...lines.map((l) => l.factor));
        fc.pre(sums.length === 1 || sums[0] - sums[1] > 2 * h * maxFactor * w.length);
        const { state } = layerNormDecay(layer, { norm, beta: 1, momentum: 0 });
        const d = randomSigns(w.length, seed);
        const moved = Float64Array.from(w, (wi, i) => wi + h * d[i]);
        const fd = (bruteForceNorm(lines, moved) - sums[0]) / h;
        expect(Math.abs(fd - dot(state, d)), `${name} ${norm}`).toBeLessThanOrEqual(
          1e-6 * Math.max(1, sums[0]),
        );
        checked++;
      }),
      { numRuns: 300, seed: 52 },
    );
    expect(checked).toBeGreaterThan(150);
  });

  it("random layers incl. ties and zeros: ‖W + D‖ ≥ ‖W‖ + ⟨G, D⟩ for random D", () => {
    fc.assert(
      fc.property(layerCaseArbitrary(), norms, fc.integer(), ({ layer, name }, norm, seed) => {
        const w = layerWeight(layer);
        const lines = bruteForceLines(layer, norm);
        const { state } = layerNormDecay(layer, { norm, beta: 1, momentum: 0 });
        const d = randomWeights(w.length, seed);
        const moved = Float64Array.from(w, (wi, i) => wi + d[i]);
        const gain = bruteForceNorm(lines, moved) - bruteForceNorm(lines, w);
        expect(gain, `${name} ${norm}`).toBeGreaterThanOrEqual(dot(state, d) - 1e-12 * w.length);
      }),
      { numRuns: 300, seed: 53 },
    );
  });

  it("linear rows=2 cols=3 alpha=-2.5 transposed l1: G = |α|·sign(W) on the largest column", () => {
    // Mᵀ stored: M = [[1, -4, 2], [3, 5, -1]] → columns 4, 9, 3 → column 1 → stored entries 2, 3.
    const layer = testLinearLayer(Float64Array.of(1, 3, -4, 5, 2, -1), 2, 3, true, -2.5);
    const result = layerNormDecay(layer, { norm: "l1", beta: 1, momentum: 0 });
    expect(result.normBefore.value).toBe(22.5);
    expect(Array.from(result.state)).toEqual([0, 0, -2.5, 2.5, 0, 0]);
  });
});

describe("layerNormDecay: momentum and state", () => {
  it("conv x=[2,5,5] k=3 s=1 p=1 linf, μ=0.8, β=0.01, k=5 steps, fixed W: G = sign(W) on S, 0.8⁵·G₀ elsewhere", () => {
    const g = makeConvGeometry({
      inChannels: 2,
      outChannels: 3,
      inputSpatial: [5, 5],
      kernelSpatial: [3, 3],
      pads: [1, 1, 1, 1],
    });
    const w = randomWeights(3 * 2 * 9, 17);
    const layer = testConvLayer(g, w);
    const g0 = randomWeights(w.length, 18);
    const state = Float64Array.from(g0);
    const gradient = randomWeights(w.length, 19);
    let last = layerNormDecay(layer, { norm: "linf", beta: 0.01, momentum: 0.8, state, gradient });
    for (let step = 1; step < 5; step++)
      last = layerNormDecay(layer, { norm: "linf", beta: 0.01, momentum: 0.8, state, gradient });
    expect(last.state).toBe(state);
    const inSet = new Set(last.weightIndices);
    expect(last.weightIndices.length).toBe(2 * 9);
    for (let i = 0; i < w.length; i++) {
      const expected = inSet.has(i) ? Math.sign(w[i]) : 0.8 ** 5 * g0[i];
      expect(Math.abs(state[i] - expected)).toBeLessThanOrEqual(1e-15);
      expect(Math.abs(last.decay[i] - (gradient[i] + 0.01 * expected))).toBeLessThanOrEqual(1e-16);
    }
  });

  it("no state given: a fresh G is returned; β=0 gives decayIsZero", () => {
    const layer = testLinearLayer(Float64Array.of(1, -2, 3, 4), 2, 2);
    const a = layerNormDecay(layer, { norm: "linf", beta: 0.5, momentum: 0.9 });
    expect(Array.from(a.state)).toEqual([0, 0, 1, 1]);
    expect(Array.from(a.decay)).toEqual([0, 0, 0.5, 0.5]);
    expect(layerNormDecay(layer, { norm: "linf", beta: 0, momentum: 0.9 }).decayIsZero).toBe(true);
  });
});

describe("layerNormDecay: batch norm", () => {
  it("γ=[0.5,-3,1] σ²=[1,3,0] ε=1 β=0.01: the decay really changes the gradient at c*=1 by β·sign(γ)/√(σ²+ε)", () => {
    const layer = testBatchNormLayer(Float64Array.of(0.5, -3, 1), Float64Array.of(1, 3, 0), 1);
    const gradient = Float64Array.of(0.1, 0.2, 0.3);
    const result = layerNormDecay(layer, { norm: "l1", beta: 0.01, momentum: 0, gradient });
    expect(result.normBefore.channel).toBe(1);
    expect(result.decayIsZero).toBe(false);
    expect(Array.from(result.decay)).toEqual([0.1, 0.2 - 0.005, 0.3]);
    expect(result.decay[1]).not.toBe(gradient[1]);
  });
});

describe("layerNormDecay: invalid input", () => {
  const layer = testLinearLayer(Float64Array.of(1, 2, 3, 4), 2, 2);
  const invalid = (f: () => unknown, message: RegExp) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(NormserveError);
      expect((e as NormserveError).code).toBe("INVALID_ARGUMENT");
      expect((e as NormserveError).message).toMatch(message);
      return;
    }
    expect.unreachable("no error thrown");
  };
  it("throws when beta is not finite", () =>
    invalid(() => layerNormDecay(layer, { norm: "l1", beta: Number.NaN, momentum: 0 }), /Gemm_0: beta/));
  it("throws when momentum is outside [0, 1]", () =>
    invalid(() => layerNormDecay(layer, { norm: "l1", beta: 1, momentum: -0.1 }), /Gemm_0: momentum/));
  it("throws when the gradient's size differs from the weight's", () =>
    invalid(
      () => layerNormDecay(layer, { norm: "l1", beta: 1, momentum: 0, gradient: Float64Array.of(1) }),
      /gradient has 1/,
    ));
  it("throws when the output's size differs from the weight's", () =>
    invalid(
      () => layerNormDecay(layer, { norm: "l1", beta: 1, momentum: 0, out: new Float32Array(5) }),
      /output has 5/,
    ));
  it("throws when the state's size differs from the weight's", () =>
    invalid(
      () => layerNormDecay(layer, { norm: "l1", beta: 1, momentum: 0, state: new Float64Array(3) }),
      /state has 3/,
    ));
  it("throws when a weight is not finite", () =>
    invalid(
      () =>
        layerNormDecay(testLinearLayer(Float64Array.of(1, Number.NaN), 1, 2), {
          norm: "l1",
          beta: 1,
          momentum: 0,
        }),
      /\[1\] is NaN/,
    ));
  it("throws when a batch norm's σ²+ε is not positive", () =>
    invalid(
      () =>
        layerNormDecay(testBatchNormLayer(Float64Array.of(1), Float64Array.of(-1), 0.5), {
          norm: "l1",
          beta: 1,
          momentum: 0,
        }),
      /epsilon must be > 0/,
    ));
});
