import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { linearConstraintSets } from "./abs-sum-constraint-sets.js";
import { makeConvGeometry } from "./conv-geometry.js";
import {
  projectBatchNormScale,
  projectConvBall,
  projectMaximiserSet,
  projectOntoConstraintSets,
  toFloat32TowardZero,
} from "./norm-projection.js";
import { bruteForceBallProjection, maxAbsDiff } from "./testing/brute-force-projection.js";
import { denseConvIndex, denseLineIndices, denseLineSums } from "./testing/dense-conv-index.js";
import {
  convConfigArbitrary,
  convConfigGeometry,
  convConfigName,
  randomWeights,
} from "./testing/random-conv.js";

describe("projectOntoConstraintSets (all mode)", () => {
  it("linear rows=3 cols=4, l1 and linf, plain and transposed: per-column/row exact projection", () => {
    for (const transposed of [false, true])
      for (const norm of ["l1", "linf"] as const) {
        const w = randomWeights(12, transposed ? 7 : 8).map((v) => 3 * v);
        const cs = linearConstraintSets(3, 4, transposed, norm);
        const result = projectOntoConstraintSets(w, cs, 1.5);
        expect(result.exact).toBe(true);
        const lines = cs.sets.map((s) => Array.from(s));
        expect(maxAbsDiff(result.weight, bruteForceBallProjection(w, lines, 1.5))).toBeLessThanOrEqual(1e-12);
        for (const l of lines)
          expect(l.reduce((a, i) => a + Math.abs(result.weight[i]), 0)).toBeLessThanOrEqual(1.5);
      }
  });

  it("throws when the sets overlap or the radius is negative", () => {
    const overlapping = { sets: [Int32Array.of(1, 2), Int32Array.of(0, 1)], disjoint: false };
    expect(() => projectOntoConstraintSets([1, 1, 1], overlapping, 1)).toThrow(/overlap/);
    expect(() => projectOntoConstraintSets([1], { sets: [], disjoint: true }, -1)).toThrow(/radius/);
  });

  it("already inside: a copy, 0 iterations", () => {
    const inside = projectOntoConstraintSets([0.1, 0.2], { sets: [Int32Array.of(0, 1)], disjoint: true }, 1);
    expect(inside).toMatchObject({ iterations: 0, exact: true });
    expect(Array.from(inside.weight)).toEqual([0.1, 0.2]);
  });
});

describe("projectConvBall (all mode)", () => {
  it("random conv configs: in the ball; equals the brute-force QP, exactly when separable, to 1e-9 when iterated", () => {
    let exactCases = 0;
    let iteratedCases = 0;
    fc.assert(
      fc.property(
        convConfigArbitrary(),
        fc.integer(),
        fc.constantFrom<"l1" | "linf">("l1", "linf"),
        fc.double({ min: 0.05, max: 3, noNaN: true }),
        (config, seed, norm, radius) => {
          const g = convConfigGeometry(config);
          fc.pre(g !== undefined);
          if (g === undefined) return;
          const name = `${convConfigName(config)} ${norm} r=${radius}`;
          const dense = denseConvIndex(g);
          const size = g.outChannels * (g.inChannels / g.group) * g.kernelSpatial.reduce((a, b) => a * b, 1);
          const w = randomWeights(size, seed);
          const result = projectConvBall(w, g, norm, radius);
          expect(Math.max(0, ...denseLineSums(dense, result.weight, norm)), name).toBeLessThanOrEqual(
            radius + 1e-12,
          );
          const lineCount = norm === "l1" ? dense.cols : dense.rows;
          const lines = Array.from({ length: lineCount }, (_, l) => denseLineIndices(dense, norm, l));
          const reference = bruteForceBallProjection(w, lines, radius);
          if (result.exact) {
            exactCases++;
            expect(maxAbsDiff(result.weight, reference), name).toBeLessThanOrEqual(1e-10);
          } else {
            iteratedCases++;
            expect(result.converged, name).toBe(true);
            expect(maxAbsDiff(result.weight, reference), name).toBeLessThanOrEqual(1e-9);
          }
        },
      ),
      { numRuns: 150, seed: 41 },
    );
    expect(exactCases).toBeGreaterThan(50);
    expect(iteratedCases).toBeGreaterThan(5);
  });

  it("x=[1,2] k=3 p=1 linf (rows use taps {1,2} and {0,1}) w=[1,1,1] r=1: the KKT point [2/3,1/3,2/3]", () => {
    const g = makeConvGeometry({
      inChannels: 1,
      outChannels: 1,
      inputSpatial: [2],
      kernelSpatial: [3],
      pads: [1, 1],
    });
    const result = projectConvBall([1, 1, 1], g, "linf", 1);
    expect(result).toMatchObject({ exact: false, converged: true });
    // KKT: 1 − x₀ = λ₂, 1 − x₂ = λ₁, 1 − x₁ = λ₁ + λ₂, both constraints tight → λ = 1/3.
    expect(maxAbsDiff(result.weight, [2 / 3, 1 / 3, 2 / 3])).toBeLessThanOrEqual(1e-11);
  });

  it("x=[2,2,2] k=3 p=1 g=2 o=4 l1 r=0 (overlapping columns on both axes): every weight that reaches an output is 0", () => {
    const g = makeConvGeometry({
      inChannels: 2,
      outChannels: 4,
      group: 2,
      inputSpatial: [2, 2],
      kernelSpatial: [3, 3],
      pads: [1, 1, 1, 1],
    });
    const result = projectConvBall(randomWeights(4 * 9, 3), g, "l1", 0);
    expect(result.converged).toBe(true);
    expect(Array.from(result.weight).every((v) => v === 0)).toBe(true);
  });

  it("x=[1,2] k=3 p=1 linf maxIterations=0: the shrink-only pass alone, still inside the ball", () => {
    const g = makeConvGeometry({
      inChannels: 1,
      outChannels: 1,
      inputSpatial: [2],
      kernelSpatial: [3],
      pads: [1, 1],
    });
    const result = projectConvBall([1, 1, 1], g, "linf", 1, { maxIterations: 0 });
    expect(result.converged).toBe(false);
    expect(result.weight[0] + result.weight[1]).toBeLessThanOrEqual(1);
    expect(result.weight[1] + result.weight[2]).toBeLessThanOrEqual(1);
  });
});

describe("projectMaximiserSet (maximiser mode)", () => {
  it("changes only the maximiser's weights", () => {
    const w = Float64Array.from([3, -4, 5, 6]);
    const { weight, changed } = projectMaximiserSet(w, Int32Array.of(1, 2), 3);
    expect(changed).toBe(true);
    expect(Array.from(weight)).toEqual([3, -1, 2, 6]);
    expect(Array.from(w)).toEqual([3, -4, 5, 6]);
  });
});

describe("projectBatchNormScale", () => {
  it("γ=[4,-1,-6] σ²=[3,0,8] ε=1 r=1: all → [2,-1,-3]; channel 2 only → [4,-1,-3]", () => {
    expect(Array.from(projectBatchNormScale([4, -1, -6], [3, 0, 8], 1, 1))).toEqual([2, -1, -3]);
    expect(Array.from(projectBatchNormScale([4, -1, -6], [3, 0, 8], 1, 1, 2))).toEqual([4, -1, -3]);
  });

  it("random γ, σ², ε: every ratio |γ_c|/√(σ²_c+ε) ≤ r after all-mode projection", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: -50, max: 50, noNaN: true }),
            fc.double({ min: 0, max: 10, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        (pairs, r) => {
          const gamma = pairs.map((p) => p[0]);
          const variance = pairs.map((p) => p[1]);
          const out = projectBatchNormScale(gamma, variance, 1e-5, r);
          for (let c = 0; c < out.length; c++)
            expect(Math.abs(out[c]) / Math.sqrt(variance[c] + 1e-5)).toBeLessThanOrEqual(r);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });
});

describe("toFloat32TowardZero", () => {
  it("never grows a magnitude, keeps signs and exact float32 values", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 50 }), (x) => {
        const out = toFloat32TowardZero(x);
        out.forEach((v, i) => {
          expect(Math.abs(v)).toBeLessThanOrEqual(Math.abs(x[i]));
          expect(v * x[i]).toBeGreaterThanOrEqual(0);
          // One float32 ulp at most (relative 2^-23, or the smallest subnormal 2^-149).
          expect(Math.abs(x[i]) - Math.abs(v)).toBeLessThanOrEqual(Math.abs(x[i]) * 2 ** -23 + 2 ** -149);
        });
      }),
      { numRuns: 200, seed: 43 },
    );
    expect(Array.from(toFloat32TowardZero([0.5, -0.25]))).toEqual([0.5, -0.25]);
  });
});
