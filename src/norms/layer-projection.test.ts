import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NormserveError } from "../errors/normserve-error.js";
import { makeConvGeometry } from "../math/conv-geometry.js";
import type { ProjectionMode } from "../math/norm-projection.js";
import { bruteForceBallProjection, maxAbsDiff } from "../math/testing/brute-force-projection.js";
import { randomWeights } from "../math/testing/random-conv.js";
import { layerWeight } from "./layer-maximiser.js";
import { layerProjectNorm } from "./layer-projection.js";
import { bruteForceLines, bruteForceNorm } from "./testing/brute-force-layer-lines.js";
import { layerCaseArbitrary } from "./testing/layer-cases.js";
import { testBatchNormLayer, testConvLayer, testLinearLayer } from "./testing/test-layers.js";

const norms = fc.constantFrom<"l1" | "linf">("l1", "linf");
/** Radius as a fraction of the norm, so that most cases need projecting. */
const fractions = fc.double({ min: 0.05, max: 1.2, noNaN: true });

describe("layerProjectNorm all mode", () => {
  it("random layers: inside the ball; the Euclidean projection (brute-force QP) when exact, near it when iterated", () => {
    const seen = { exact: 0, iterated: 0 };
    fc.assert(
      fc.property(layerCaseArbitrary(), norms, fractions, ({ layer, name }, norm, fraction) => {
        const w = layerWeight(layer);
        const lines = bruteForceLines(layer, norm);
        const radius = fraction * Math.max(1e-3, bruteForceNorm(lines, w));
        const label = `${name} ${norm} r=${radius}`;
        const result = layerProjectNorm(layer, { norm, radius, mode: "all" });
        // The reported norm (ComputeNorms' own summation) never exceeds r, not even by rounding.
        expect(result.normAfter.value, label).toBeLessThanOrEqual(radius);
        expect(bruteForceNorm(lines, result.weight), label).toBeLessThanOrEqual(radius + 1e-12);
        const reference = bruteForceBallProjection(
          w,
          lines.map((l) => l.indices),
          lines.map((l) => radius / l.factor),
        );
        if (result.exact) {
          seen.exact++;
          expect(maxAbsDiff(result.weight, reference), label).toBeLessThanOrEqual(
            1e-10 * Math.max(1, radius),
          );
        } else {
          seen.iterated++;
          expect(result.converged, label).toBe(true);
          expect(maxAbsDiff(result.weight, reference), label).toBeLessThanOrEqual(1e-9 * Math.max(1, radius));
        }
      }),
      { numRuns: 300, seed: 61 },
    );
    expect(seen.exact).toBeGreaterThan(100);
    expect(seen.iterated).toBeGreaterThan(3);
  });

  const linearCases = [
    { transposed: false, scale: 1, norm: "l1" },
    { transposed: true, scale: 2, norm: "l1" },
    { transposed: false, scale: -0.5, norm: "linf" },
    { transposed: true, scale: 1, norm: "linf" },
  ] as const;
  it.each(linearCases)(
    "Gemm rows=3 cols=4 transposed=$transposed alpha=$scale $norm: exact, 1 iteration",
    (c) => {
      const layer = testLinearLayer(randomWeights(12, 5), 3, 4, c.transposed, c.scale);
      const result = layerProjectNorm(layer, { norm: c.norm, radius: 0.4, mode: "all" });
      expect(result).toMatchObject({ exact: true, converged: true, iterations: 1, changed: true });
      expect(result.normAfter.value).toBeLessThanOrEqual(0.4);
    },
  );

  it("Conv x=[1,8,8] k=3 s=2 p=1 l1: stride-phase column sets are disjoint, so exact", () => {
    const g = makeConvGeometry({
      inChannels: 1,
      outChannels: 2,
      inputSpatial: [8, 8],
      kernelSpatial: [3, 3],
      strides: [2, 2],
      pads: [1, 1, 1, 1],
    });
    const result = layerProjectNorm(testConvLayer(g, randomWeights(18, 6)), {
      norm: "l1",
      radius: 0.3,
      mode: "all",
    });
    expect(result).toMatchObject({ exact: true, iterations: 1 });
  });

  it("Conv x=[1,2] k=3 p=1 linf: overlapping row sets, dual coordinate ascent, exact=false, inside the ball", () => {
    const g = makeConvGeometry({
      inChannels: 1,
      outChannels: 1,
      inputSpatial: [2],
      kernelSpatial: [3],
      pads: [1, 1],
    });
    const result = layerProjectNorm(testConvLayer(g, Float64Array.of(1, 1, 1)), {
      norm: "linf",
      radius: 1,
      mode: "all",
    });
    expect(result.exact).toBe(false);
    expect(result.converged).toBe(true);
    expect(result.iterations).toBeGreaterThan(1);
    expect(result.normAfter.value).toBeLessThanOrEqual(1);
    expect(maxAbsDiff(result.weight, [2 / 3, 1 / 3, 2 / 3])).toBeLessThanOrEqual(1e-11);
  });

  it("float32 weight: a Float32Array rounded toward zero, still inside the ball", () => {
    const layer = testLinearLayer(Float32Array.from(randomWeights(20, 8)), 4, 5);
    const result = layerProjectNorm(layer, { norm: "linf", radius: 0.7, mode: "all" });
    expect(result.weight).toBeInstanceOf(Float32Array);
    expect(result.normAfter.value).toBeLessThanOrEqual(0.7);
  });
});

describe("layerProjectNorm maximiser mode", () => {
  it("random layers: only the maximiser's weights change and its row/column ends ≤ r", () => {
    fc.assert(
      fc.property(layerCaseArbitrary(), norms, fractions, ({ layer, name }, norm, fraction) => {
        const w = layerWeight(layer);
        const lines = bruteForceLines(layer, norm);
        const before = bruteForceNorm(lines, w);
        const radius = fraction * Math.max(1e-3, before);
        const label = `${name} ${norm} r=${radius}`;
        const result = layerProjectNorm(layer, { norm, radius, mode: "maximiser" });
        const line = lines.find(
          (l) =>
            l.channel === result.normBefore.channel &&
            l.position.join(",") === result.normBefore.position.join(","),
        );
        if (line === undefined) throw new Error(`${label}: maximiser not a line`);
        const allowed = new Set(line.indices);
        for (let i = 0; i < w.length; i++) if (!allowed.has(i)) expect(result.weight[i], label).toBe(w[i]);
        const lineSum = line.factor * line.indices.reduce((s, i) => s + Math.abs(result.weight[i]), 0);
        expect(lineSum, label).toBeLessThanOrEqual(radius + 1e-12);
        if (before <= radius) expect(result.changed, label).toBe(false);
        if (result.exact) expect(result.normAfter.value, label).toBeLessThanOrEqual(radius + 1e-12);
      }),
      { numRuns: 300, seed: 62 },
    );
  });
});

describe("layerProjectNorm batch norm", () => {
  const layer = testBatchNormLayer(Float64Array.of(4, -1, -6), Float64Array.of(3, 0, 8), 1);
  const cases: { mode: ProjectionMode; expected: number[] }[] = [
    { mode: "all", expected: [2, -1, -3] },
    { mode: "maximiser", expected: [2, -1, -6] }, // channels 0 and 2 tie at 2: the lowest wins
  ];
  it.each(cases)("γ=[4,-1,-6] σ²=[3,0,8] ε=1 r=1 $mode → $expected", ({ mode, expected }) => {
    const result = layerProjectNorm(layer, { norm: "l1", radius: 1, mode });
    expect(Array.from(result.weight)).toEqual(expected);
    expect(result.normBefore.value).toBe(2);
    expect(result.normAfter.value).toBe(mode === "all" ? 1 : 2);
    expect(result.exact).toBe(mode === "all");
  });
});

describe("layerProjectNorm invalid input", () => {
  const layer = testLinearLayer(Float64Array.of(1, 2), 1, 2);
  const code = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (e) {
      return e instanceof NormserveError ? `${e.code}: ${e.message}` : "other";
    }
    return undefined;
  };
  it("throws when the radius is negative", () =>
    expect(code(() => layerProjectNorm(layer, { norm: "l1", radius: -1, mode: "all" }))).toMatch(
      /^INVALID_ARGUMENT: Gemm_0: radius/,
    ));
  it("throws when max iterations is not a non-negative integer", () =>
    expect(
      code(() => layerProjectNorm(layer, { norm: "l1", radius: 1, mode: "all", maxIterations: 1.5 })),
    ).toMatch(/^INVALID_ARGUMENT: Gemm_0: max iterations/));
  it("throws when the tolerance is negative", () =>
    expect(
      code(() => layerProjectNorm(layer, { norm: "l1", radius: 1, mode: "all", tolerance: -1 })),
    ).toMatch(/^INVALID_ARGUMENT: Gemm_0: tolerance/));
  it("throws when the mode is unknown", () =>
    expect(
      code(() => layerProjectNorm(layer, { norm: "l1", radius: 1, mode: "some" as ProjectionMode })),
    ).toMatch(/^INVALID_ARGUMENT: Gemm_0: projection mode/));
});
