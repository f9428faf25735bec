import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convMaximiserWeights, linearMaximiserWeights } from "./conv-maximiser-weights.js";
import { mulberry32 } from "./mulberry32.js";
import { batchNormSubgradient, normDecayStep, signSubgradient } from "./norm-decay.js";
import { denseConvIndex, denseLineLocation, denseLineSums } from "./testing/dense-conv-index.js";
import {
  convConfigArbitrary,
  convConfigGeometry,
  convConfigName,
  randomSigns,
  randomWeights,
} from "./testing/random-conv.js";

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** Brute-force argmax (first = lowest channel, then lowest row-major position) and the two largest values. */
function topTwo(sums: Float64Array): { line: number; best: number; second: number } {
  let line = 0;
  for (let i = 1; i < sums.length; i++) if (sums[i] > sums[line]) line = i;
  let second = Number.NEGATIVE_INFINITY;
  sums.forEach((v, i) => {
    if (i !== line) second = Math.max(second, v);
  });
  return { line, best: sums[line], second };
}

describe("normDecayStep", () => {
  it("μ=0.5 β=0.1: G ← μG, then G[S] := subgradient (overwrite), decay = βG", () => {
    const state = Float64Array.from([1, -2, 4, 8]);
    const { decay, decayIsZero } = normDecayStep(state, Int32Array.from([1, 3]), Float64Array.of(1, -1), {
      beta: 0.1,
      momentum: 0.5,
    });
    expect(Array.from(state)).toEqual([0.5, 1, 2, -1]);
    expect(Array.from(decay)).toEqual([0.05, 0.1, 0.2, -0.1]);
    expect(decayIsZero).toBe(false);
  });

  it("with a gradient: returns ∇W + βG", () => {
    const state = new Float64Array(3);
    const { decay } = normDecayStep(
      state,
      Int32Array.from([0]),
      Float64Array.of(-1),
      { beta: 2, momentum: 0 },
      Float64Array.of(1, 2, 3),
    );
    expect(Array.from(decay)).toEqual([-1, 2, 3]);
  });

  it("β=0 or an all-zero subgradient: decayIsZero, gradient passed through", () => {
    const a = normDecayStep(
      new Float64Array(2),
      Int32Array.from([0]),
      Float64Array.of(1),
      { beta: 0, momentum: 0.9 },
      Float64Array.of(5, 6),
    );
    expect(a.decayIsZero).toBe(true);
    expect(Array.from(a.decay)).toEqual([5, 6]);
    const b = normDecayStep(new Float64Array(2), Int32Array.from([0]), Float64Array.of(0), {
      beta: 1,
      momentum: 0.9,
    });
    expect(b.decayIsZero).toBe(true);
  });

  it("writes into a given float32 out buffer; a decayed entry overwritten with 0 is still non-zero G elsewhere", () => {
    const out = new Float32Array(3);
    const state = Float64Array.of(0, 2, 0);
    const r = normDecayStep(
      state,
      Int32Array.of(1),
      Float64Array.of(0),
      { beta: 1, momentum: 0.5 },
      undefined,
      out,
    );
    expect(r.decay).toBe(out);
    expect(r.decayIsZero).toBe(true); // the only non-zero entry of μ·G was overwritten with sign(0) = 0
    const r2 = normDecayStep(Float64Array.of(4, 0, 0), Int32Array.of(1), Float64Array.of(0), {
      beta: 1,
      momentum: 0.5,
    });
    expect(r2.decayIsZero).toBe(false);
    expect(Array.from(r2.decay)).toEqual([2, 0, 0]);
  });

  it("unchanged maximiser S for k=7 steps, μ=0.9, from a random G₀: G = sign(W) on S, μ^k·G₀ elsewhere", () => {
    const n = 30;
    const w = randomWeights(n, 5);
    const g0 = randomWeights(n, 6);
    const state = Float64Array.from(g0);
    const indices = Int32Array.from([2, 3, 11, 17, 29]);
    const mu = 0.9;
    const beta = 0.01;
    let last: Float32Array | Float64Array = new Float64Array(n);
    for (let step = 0; step < 7; step++)
      last = normDecayStep(state, indices, signSubgradient(w, indices), { beta, momentum: mu }).decay;
    const inSet = new Set(indices);
    for (let i = 0; i < n; i++) {
      const expected = inSet.has(i) ? Math.sign(w[i]) : mu ** 7 * g0[i];
      expect(Math.abs(state[i] - expected)).toBeLessThanOrEqual(1e-15);
      expect(Math.abs(last[i] - beta * expected)).toBeLessThanOrEqual(1e-17);
    }
  });

  it("changing maximisers (linear l1, 12 steps, μ=0.7): entry last set at step t holds μ^(k−t)·sign(W_t)", () => {
    const rows = 4;
    const cols = 5;
    const mu = 0.7;
    const rand = mulberry32(99);
    const state = new Float64Array(rows * cols);
    const lastSet = new Array<number>(rows * cols).fill(-1);
    const lastSign = new Float64Array(rows * cols);
    const k = 12;
    for (let t = 0; t < k; t++) {
      const w = randomWeights(rows * cols, 1000 + t);
      const column = Math.floor(rand() * cols);
      const indices = linearMaximiserWeights(rows, cols, false, "l1", column);
      normDecayStep(state, indices, signSubgradient(w, indices), { beta: 1, momentum: mu });
      for (const i of indices) {
        lastSet[i] = t;
        lastSign[i] = Math.sign(w[i]);
      }
    }
    for (let i = 0; i < rows * cols; i++) {
      const expected = lastSet[i] < 0 ? 0 : mu ** (k - 1 - lastSet[i]) * lastSign[i];
      expect(Math.abs(state[i] - expected)).toBeLessThanOrEqual(1e-15);
    }
  });

  it("throws when momentum is outside [0, 1], beta is not finite, or sizes disagree", () => {
    const s = new Float64Array(2);
    const idx = Int32Array.from([0]);
    expect(() => normDecayStep(s, idx, Float64Array.of(1), { beta: 1, momentum: 1.5 })).toThrow(/momentum/);
    expect(() => normDecayStep(s, idx, Float64Array.of(1), { beta: Number.NaN, momentum: 0 })).toThrow(
      /beta/,
    );
    expect(() => normDecayStep(s, idx, Float64Array.of(1, 1), { beta: 1, momentum: 0 })).toThrow(
      /subgradient/,
    );
    expect(() =>
      normDecayStep(s, idx, Float64Array.of(1), { beta: 1, momentum: 0 }, Float64Array.of(1, 2, 3)),
    ).toThrow(/gradient/);
    expect(() =>
      normDecayStep(s, Int32Array.from([2]), Float64Array.of(1), { beta: 1, momentum: 0 }),
    ).toThrow(/index/);
  });
});

describe("signSubgradient and batchNormSubgradient", () => {
  it("sign(0) = sign(−0) = 0; factor scales", () => {
    const w = [0, -0, 2, -3];
    expect(Array.from(signSubgradient(w, Int32Array.from([0, 1, 2, 3]), 2))).toEqual([0, 0, 2, -2]);
  });

  it("γ=[0.5,-2] σ²=[1,3] ε=1: channel 1 → −1/2; γ_c = 0 → 0", () => {
    expect(Array.from(batchNormSubgradient([0.5, -2], [1, 3], 1, 1))).toEqual([-0.5]);
    expect(Array.from(batchNormSubgradient([0, -2], [1, 3], 1, 0))).toEqual([0]);
  });
});

describe("conv decay with a brute-force maximiser", () => {
  it("random configs: G's non-zeros are exactly the maximising dense line's kernel entries", () => {
    fc.assert(
      fc.property(
        convConfigArbitrary(),
        fc.integer(),
        fc.constantFrom("l1", "linf" as const),
        (config, seed, norm) => {
          const g = convConfigGeometry(config);
          fc.pre(g !== undefined);
          if (g === undefined) return;
          const dense = denseConvIndex(g);
          const size = g.outChannels * (g.inChannels / g.group) * g.kernelSpatial.reduce((a, b) => a * b, 1);
          const w = randomWeights(size, seed);
          const { line } = topTwo(denseLineSums(dense, w, norm));
          const indices = convMaximiserWeights(g, norm, denseLineLocation(g, norm, line));
          const state = new Float64Array(size);
          normDecayStep(state, indices, signSubgradient(w, indices), { beta: 1, momentum: 0 });
          const expected = new Set<number>();
          const count = norm === "l1" ? dense.rows : dense.cols;
          for (let k = 0; k < count; k++) {
            const v = norm === "l1" ? dense.index[k * dense.cols + line] : dense.index[line * dense.cols + k];
            if (v >= 0) expected.add(v);
          }
          const support = Array.from(state.keys()).filter((i) => state[i] !== 0);
          expect(support, `${convConfigName(config)} ${norm}`).toEqual([...expected].sort((a, b) => a - b));
        },
      ),
      { numRuns: 200, seed: 31 },
    );
  });

  it("random configs: ⟨G, D⟩ is the directional derivative of the norm (h=1e-7, D = random signs, unique maximiser)", () => {
    fc.assert(
      fc.property(
        convConfigArbitrary(),
        fc.integer(),
        fc.constantFrom("l1", "linf" as const),
        (config, seed, norm) => {
          const g = convConfigGeometry(config);
          fc.pre(g !== undefined);
          if (g === undefined) return;
          const dense = denseConvIndex(g);
          const size = g.outChannels * (g.inChannels / g.group) * g.kernelSpatial.reduce((a, b) => a * b, 1);
          const w = randomWeights(size, seed);
          const { line, best, second } = topTwo(denseLineSums(dense, w, norm));
          const h = 1e-7;
          fc.pre(best - second > 2 * h * size);
          const indices = convMaximiserWeights(g, norm, denseLineLocation(g, norm, line));
          const state = new Float64Array(size);
          normDecayStep(state, indices, signSubgradient(w, indices), { beta: 1, momentum: 0 });
          const d = randomSigns(size, seed);
          const moved = w.map((wi, i) => wi + h * d[i]);
          const fd = (topTwo(denseLineSums(dense, moved, norm)).best - best) / h;
          expect(Math.abs(fd - dot(state, d)), convConfigName(config)).toBeLessThanOrEqual(
            1e-6 * Math.max(1, best),
          );
        },
      ),
      { numRuns: 200, seed: 32 },
    );
  });
});
