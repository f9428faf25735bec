import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeConvGeometry } from "./conv-geometry.js";
import { convGramBound, convPowerIteration, zeroPadCircularGrid } from "./conv-spectral-zero-pad.js";
import { SpectralInputError } from "./spectral-types.js";
import { denseSingularValues } from "./testing/dense-singular-values.js";
import { denseZeroPadConv } from "./testing/dense-zero-pad-conv.js";
import { seededArray } from "./testing/seeded-uniform.js";
import { zeroPadConvArbitrary } from "./testing/zero-pad-conv-cases.js";

describe("zero-padded conv spectral norm", () => {
  it("power iteration (Lanczos) converges to the brute-force norm; the Gram bound is ≥ it", () => {
    fc.assert(
      fc.property(
        zeroPadConvArbitrary(),
        fc.integer({ min: 1, max: 7 }),
        ({ geometry, seed }, iterations) => {
          const taps = geometry.kernelSpatial[0] * geometry.kernelSpatial[1];
          const weight = seededArray(
            (geometry.outChannels * geometry.inChannels * taps) / geometry.group,
            seed,
          );
          const dense = denseZeroPadConv(weight, geometry);
          const exact = denseSingularValues(dense.data, dense.rows, dense.cols)[0];
          const power = convPowerIteration(weight, geometry, { maxIterations: dense.cols });
          expect(power.method).toBe("lanczos");
          expect(Math.abs(power.estimate - exact)).toBeLessThanOrEqual(1e-10 * exact + 1e-300);
          expect(power.iterations).toBeLessThanOrEqual(dense.cols);
          const gram = convGramBound(weight, geometry, { iterations });
          expect(gram.bound).toBeGreaterThanOrEqual(exact);
          expect(gram.bound).toBeGreaterThanOrEqual(gram.circularSigmaMax);
          expect(gram.circularSigmaMax).toBeGreaterThanOrEqual(exact * (1 - 1e-12));
        },
      ),
      { numRuns: 50 },
    );
  });

  it("plain power iteration reports iterations and residual, and the bound tightens with iterations", () => {
    const geometry = makeConvGeometry({
      inChannels: 3,
      outChannels: 4,
      inputSpatial: [6, 6],
      kernelSpatial: [3, 3],
      pads: [1, 1, 1, 1],
    });
    const weight = seededArray(4 * 3 * 9, 42);
    const dense = denseZeroPadConv(weight, geometry);
    const exact = denseSingularValues(dense.data, dense.rows, dense.cols)[0];
    const power = convPowerIteration(weight, geometry, {
      method: "power",
      maxIterations: 3000,
      tolerance: 1e-20,
    });
    expect(power.method).toBe("power");
    expect(power.estimate).toBeLessThanOrEqual(exact * (1 + 1e-12));
    expect(power.estimate).toBeGreaterThan(exact * (1 - 1e-6));
    expect(power.residual).toBeGreaterThanOrEqual(0);
    const bounds = [1, 2, 4, 8].map((iterations) => convGramBound(weight, geometry, { iterations }).bound);
    for (let i = 1; i < bounds.length; i++)
      expect(bounds[i]).toBeLessThanOrEqual(bounds[i - 1] * (1 + 1e-12));
    expect(bounds[3]).toBeLessThan(exact * 1.2);
    expect(bounds[3]).toBeGreaterThanOrEqual(exact);
    expect(() => convGramBound(weight, geometry, { iterations: 0 })).toThrow(SpectralInputError);
  });

  it("embeds the zero-padded conv in the smallest valid circular grid", () => {
    const g = (n: number, k: number, s: number, p: number, d = 1) =>
      zeroPadCircularGrid(
        makeConvGeometry({
          inChannels: 1,
          outChannels: 1,
          inputSpatial: [n],
          kernelSpatial: [k],
          strides: [s],
          dilations: [d],
          pads: [p, p],
        }),
      )[0];
    expect(g(32, 3, 1, 1)).toBe(34); // n + k − 1 for "same"
    expect(g(32, 3, 1, 0)).toBe(32); // valid conv: span = n
    expect(g(32, 3, 2, 1)).toBe(34); // 16 outputs, span 2·15 + 3 = 33 → 34
    expect(g(8, 1, 2, 0)).toBe(8); // 1×1 stride 2: 4 outputs need N/2 ≥ 4
    expect(g(10, 3, 1, 2, 2)).toBe(14);
  });
});
