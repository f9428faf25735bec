import { describe, expect, it } from "vitest";
import { normDecayStep } from "./norm-decay.js";
import { DECAY_ENTRY_BYTES, SparseDecayState } from "./sparse-decay-state.js";
import { seededUniform } from "./testing/seeded-uniform.js";

/** Random ascending distinct subset of [0, n) with random ±1/0 subgradients. */
function randomSet(n: number, rand: () => number): { indices: Int32Array; sub: Float64Array } {
  const picked: number[] = [];
  for (let i = 0; i < n; i++) if (rand() > 0.4) picked.push(i);
  const sub = Float64Array.from(picked, () => {
    const r = rand();
    return r > 0.6 ? 1 : r < -0.6 ? -1 : r > 0.5 ? 0 : r * 3;
  });
  return { indices: Int32Array.from(picked), sub };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++)
    expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected[i])));
}

describe("SparseDecayState", () => {
  it.each([
    ["μ=0.9 fixed, with gradient", [0.9], true],
    ["μ=0 (stateless)", [0], false],
    ["μ=1 (no decay)", [1], true],
    ["μ changes 0.5 → 0.9 → 0 → 0.7", [0.5, 0.9, 0, 0.7], false],
  ] as const)("matches the dense normDecayStep over 40 random steps: %s", (_, momenta, withGradient) => {
    const n = 37;
    const rand = seededUniform(momenta.length * 7 + (withGradient ? 1 : 0));
    const dense = new Float64Array(n);
    const sparse = new SparseDecayState(n);
    for (let step = 0; step < 40; step++) {
      const momentum = momenta[Math.floor(step / 10) % momenta.length];
      const { indices, sub } = randomSet(n, rand);
      const gradient = withGradient ? Float64Array.from({ length: n }, rand) : undefined;
      const params = { beta: 0.3, momentum };
      const want = normDecayStep(dense, indices, sub, params, gradient);
      const got = sparse.stepDecay(indices, sub, params, new Float64Array(n), gradient);
      expectClose(sparse.toDense(), dense, 1e-14);
      expectClose(got.decay, want.decay, 1e-14);
      expect(got.decayIsZero).toBe(want.decayIsZero);
      // Stored entries are exactly G's non-zeros.
      expect(sparse.size).toBe(Array.from(dense).filter((v) => v !== 0).length);
    }
  });

  it("k steps with the same set from G₀: G = subgradient on S, μ^k·G₀ elsewhere (closed form)", () => {
    const state = new SparseDecayState(6);
    state.stepDecay(
      Int32Array.of(0, 1, 2),
      Float64Array.of(1, -1, 1),
      { beta: 1, momentum: 0.5 },
      new Float64Array(6),
    );
    const g0 = state.toDense();
    for (let k = 0; k < 5; k++)
      state.stepDecay(
        Int32Array.of(4, 5),
        Float64Array.of(-1, 1),
        { beta: 1, momentum: 0.5 },
        new Float64Array(6),
      );
    expect(Array.from(state.toDense())).toEqual([
      ...Array.from(g0.slice(0, 3), (v) => v * 0.5 ** 5),
      0,
      -1,
      1,
    ]);
  });

  it("entries that underflow to 0 are dropped; byteLength follows the support", () => {
    const state = new SparseDecayState(4);
    const out = new Float32Array(4);
    state.stepDecay(Int32Array.of(0, 1), Float64Array.of(1, -1), { beta: 1, momentum: 1e-200 }, out);
    expect(state.byteLength).toBe(2 * DECAY_ENTRY_BYTES);
    expect(state.growthFor(Int32Array.of(1, 2, 3))).toBe(2 * DECAY_ENTRY_BYTES);
    state.stepDecay(Int32Array.of(3), Float64Array.of(1), { beta: 1, momentum: 1e-200 }, out);
    state.stepDecay(Int32Array.of(3), Float64Array.of(1), { beta: 1, momentum: 1e-200 }, out);
    expect(state.size).toBe(1);
    expect(Array.from(out)).toEqual([0, 0, 0, 1]);
  });

  it("writes float32 output: ∇W + β·G rounded once", () => {
    const state = new SparseDecayState(3);
    const out = new Float32Array(3);
    const result = state.stepDecay(
      Int32Array.of(1),
      Float64Array.of(-1),
      { beta: 0.1, momentum: 0.9 },
      out,
      Float32Array.of(1, 2, 3),
    );
    expect(result.decay).toBe(out);
    expect(Array.from(out)).toEqual([1, Math.fround(2 - 0.1), 3]);
  });

  it("out may be the gradient itself: updated in place", () => {
    const state = new SparseDecayState(3);
    const gradient = Float64Array.of(1, 2, 3);
    const result = state.stepDecay(
      Int32Array.of(0, 2),
      Float64Array.of(1, -1),
      { beta: 0.5, momentum: 0.5 },
      gradient,
      gradient,
    );
    expect(result.decay).toBe(gradient);
    expect(Array.from(gradient)).toEqual([1.5, 2, 2.5]);
  });

  it("β = 0 or an all-zero subgradient: decayIsZero", () => {
    const state = new SparseDecayState(2);
    expect(
      state.stepDecay(Int32Array.of(0), Float64Array.of(1), { beta: 0, momentum: 0.5 }, new Float64Array(2))
        .decayIsZero,
    ).toBe(true);
    const fresh = new SparseDecayState(2);
    expect(
      fresh.stepDecay(Int32Array.of(0), Float64Array.of(0), { beta: 1, momentum: 0.5 }, new Float64Array(2))
        .decayIsZero,
    ).toBe(true);
  });

  it.each([
    ["beta is not finite", { beta: Number.NaN, momentum: 0 }, Int32Array.of(0), 2],
    ["momentum is outside [0, 1]", { beta: 1, momentum: 1.5 }, Int32Array.of(0), 2],
    ["indices are not ascending", { beta: 1, momentum: 0 }, Int32Array.of(1, 0), 2],
    ["an index is out of range", { beta: 1, momentum: 0 }, Int32Array.of(5), 2],
    ["out has the wrong length", { beta: 1, momentum: 0 }, Int32Array.of(0), 3],
  ])("throws when %s", (_, params, indices, outLength) => {
    const state = new SparseDecayState(2);
    const sub = new Float64Array(indices.length).fill(1);
    expect(() => state.stepDecay(indices, sub, params, new Float64Array(outLength))).toThrow(RangeError);
    expect(state.size).toBe(0);
  });
});
