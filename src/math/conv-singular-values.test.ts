import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SigmaStrategy } from "./conv-frequency-sigma.js";
import { makeConvGeometry } from "./conv-geometry.js";
import { convSingularValues } from "./conv-singular-values.js";
import { SpectralInputError } from "./spectral-types.js";
import { denseCircularConv } from "./testing/dense-circular-conv.js";
import { denseSingularValues } from "./testing/dense-singular-values.js";
import { seededArray } from "./testing/seeded-uniform.js";
import { maxRelativeError, spectralConvArbitrary } from "./testing/spectral-conv-cases.js";

function kernelFor(geometry: ReturnType<typeof makeConvGeometry>, seed: number): Float64Array {
  const taps = geometry.kernelSpatial.reduce((a, b) => a * b, 1);
  return seededArray((geometry.outChannels * geometry.inChannels * taps) / geometry.group, seed);
}

function bruteForce(weight: Float64Array, geometry: ReturnType<typeof makeConvGeometry>): Float64Array {
  const dense = denseCircularConv(weight, geometry);
  return denseSingularValues(dense.data, dense.rows, dense.cols);
}

describe("convSingularValues (circular padding) against the materialised matrix", () => {
  it("gets ALL singular values to 1e-10 relative: strides (polyphase), dilations, groups", () => {
    fc.assert(
      fc.property(spectralConvArbitrary(), ({ geometry, seed }) => {
        const weight = kernelFor(geometry, seed);
        const ref = bruteForce(weight, geometry);
        const res = convSingularValues(weight, geometry, { all: true });
        expect(res.values?.length).toBe(ref.length);
        // Relative error; values below 1e-4·σ_max (structural zeros) are held to 1e-14·σ_max.
        expect(maxRelativeError(res.values!, ref, 1e-4 * ref[0])).toBeLessThanOrEqual(1e-10);
        expect(Math.abs(res.sigmaMax - ref[0])).toBeLessThanOrEqual(1e-10 * ref[0]);
      }),
      { numRuns: 40 },
    );
  });

  it("gets the largest singular value with every per-frequency strategy", () => {
    const strategies: SigmaStrategy[] = ["dense", "gram", "lags", "block"];
    fc.assert(
      fc.property(spectralConvArbitrary(), fc.constantFrom(...strategies), ({ geometry, seed }, strategy) => {
        const weight = kernelFor(geometry, seed);
        const ref = bruteForce(weight, geometry)[0];
        const res = convSingularValues(weight, geometry, { strategy });
        expect(res.strategy).toBe(strategy);
        expect(Math.abs(res.sigmaMax - ref)).toBeLessThanOrEqual(1e-10 * ref);
        expect(res.perFrequency.length).toBeGreaterThan(0);
      }),
      { numRuns: 25 },
    );
  });

  it("covers stride 3, 1-d convs, a kernel larger than the grid, and float32 weights", () => {
    const cases = [
      makeConvGeometry({
        inChannels: 2,
        outChannels: 3,
        inputSpatial: [6, 3],
        kernelSpatial: [3, 2],
        strides: [3, 3],
      }),
      makeConvGeometry({
        inChannels: 2,
        outChannels: 2,
        inputSpatial: [3, 3],
        kernelSpatial: [5, 4],
        pads: [2, 2, 2, 2],
      }),
      makeConvGeometry({
        inChannels: 3,
        outChannels: 1,
        inputSpatial: [4, 4],
        kernelSpatial: [1, 1],
        strides: [2, 2],
      }),
      makeConvGeometry({
        inChannels: 4,
        outChannels: 4,
        group: 4,
        inputSpatial: [5, 5],
        kernelSpatial: [3, 3],
      }),
    ];
    for (const [i, geometry] of cases.entries()) {
      const weight = Float32Array.from(kernelFor(geometry, 100 + i));
      const ref = bruteForce(Float64Array.from(weight), geometry);
      const res = convSingularValues(weight, geometry, { all: true });
      expect(maxRelativeError(res.values!, ref, 1e-4 * ref[0])).toBeLessThanOrEqual(1e-10);
    }
    // 1-d: a [C_out, C_in, k] kernel on a length-n signal equals the 2-d conv on a 1×n image.
    const g1 = makeConvGeometry({
      inChannels: 2,
      outChannels: 3,
      inputSpatial: [8],
      kernelSpatial: [3],
      strides: [2],
    });
    const g2 = makeConvGeometry({
      inChannels: 2,
      outChannels: 3,
      inputSpatial: [1, 8],
      kernelSpatial: [1, 3],
      strides: [1, 2],
    });
    const w = kernelFor(g1, 5);
    const ref = bruteForce(w, g2);
    const res = convSingularValues(w, g1, { all: true });
    expect(maxRelativeError(res.values!, ref, 1e-4 * ref[0])).toBeLessThanOrEqual(1e-10);
  });

  it("refuses an input size not divisible by the stride, with a clear error", () => {
    const geometry = makeConvGeometry({
      inChannels: 1,
      outChannels: 1,
      inputSpatial: [5, 4],
      kernelSpatial: [3, 3],
      strides: [2, 2],
    });
    expect(() => convSingularValues(new Float64Array(9), geometry)).toThrow(SpectralInputError);
    expect(() => convSingularValues(new Float64Array(9), geometry)).toThrow(/divisible/);
    expect(() =>
      convSingularValues(
        new Float64Array(8),
        makeConvGeometry({ inChannels: 1, outChannels: 1, inputSpatial: [4, 4], kernelSpatial: [3, 3] }),
      ),
    ).toThrow(SpectralInputError);
  });

  it("reports where σ_max is attained and the zero kernel", () => {
    const geometry = makeConvGeometry({
      inChannels: 1,
      outChannels: 1,
      inputSpatial: [4, 4],
      kernelSpatial: [1, 2],
    });
    // K = [1, 1]: P(u, v) = 1 + e^{−2πi v/4}, largest at v = 0 (value 2).
    const res = convSingularValues(Float64Array.of(1, 1), geometry);
    expect(res.sigmaMax).toBeCloseTo(2, 14);
    expect(res.argmax.v).toBe(0);
    expect(convSingularValues(new Float64Array(2), geometry, { all: true }).sigmaMax).toBe(0);
  });
});
