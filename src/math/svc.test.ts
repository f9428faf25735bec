import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ConvGeometry, makeConvGeometry } from "./conv-geometry.js";
import { SpectralInputError } from "./spectral-types.js";
import { clipConvSingularValues } from "./svc.js";
import { denseCircularConv } from "./testing/dense-circular-conv.js";
import { denseSingularValues } from "./testing/dense-singular-values.js";
import { seededArray } from "./testing/seeded-uniform.js";

function singularValues(weight: ArrayLike<number>, geometry: ConvGeometry): Float64Array {
  const dense = denseCircularConv(weight, geometry);
  return denseSingularValues(dense.data, dense.rows, dense.cols);
}

/** Convs whose kernel covers the whole (polyphase) grid: k = n, stride 1 or 2, groups. */
const fullSupport = fc
  .record({
    s: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
    q: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    group: fc.integer({ min: 1, max: 2 }),
    cin: fc.integer({ min: 1, max: 2 }),
    cout: fc.integer({ min: 1, max: 2 }),
    seed: fc.nat(),
    quantile: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
  })
  .map(({ s, q, group, cin, cout, seed, quantile }) => {
    const n = [Math.max(2, s[0] * q[0]), Math.max(2, s[1] * q[1])].map((v, a) => Math.ceil(v / s[a]) * s[a]);
    const geometry = makeConvGeometry({
      inChannels: group * cin,
      outChannels: group * cout,
      group,
      inputSpatial: n,
      kernelSpatial: n,
      strides: s,
      pads: [n[0] - 1, n[1] - 1, n[0] - 1, n[1] - 1],
    });
    return { geometry, seed, quantile };
  });

describe("clipConvSingularValues (SVC)", () => {
  it("with the k×k support equal to the grid: σ_max after ≤ c + 1e-9, values below c untouched", () => {
    fc.assert(
      fc.property(fullSupport, ({ geometry, seed, quantile }) => {
        const weight = seededArray(
          (geometry.outChannels *
            geometry.inChannels *
            geometry.kernelSpatial[0] *
            geometry.kernelSpatial[1]) /
            geometry.group,
          seed,
        );
        const before = singularValues(weight, geometry);
        // A clip level in a gap of the spectrum, so "above c" is unambiguous.
        let k = Math.floor(quantile * (before.length - 1));
        while (k + 1 < before.length && before[k] - before[k + 1] <= 1e-6 * before[0]) k++;
        const clipTo = k + 1 < before.length ? (before[k] + before[k + 1]) / 2 : before[0] / 2;
        const res = clipConvSingularValues(weight, geometry, clipTo);
        const after = singularValues(res.kernel, geometry);
        const expected = Float64Array.from(before, (v) => Math.min(v, clipTo))
          .sort()
          .reverse();
        for (let i = 0; i < after.length; i++)
          expect(Math.abs(after[i] - expected[i])).toBeLessThanOrEqual(1e-9);
        expect(after[0]).toBeLessThanOrEqual(clipTo + 1e-9);
        expect(Math.abs(res.sigmaMaxBefore - before[0])).toBeLessThanOrEqual(1e-10 * before[0]);
        expect(res.sigmaMaxAfter).toBeLessThanOrEqual(clipTo + 1e-9);
        expect(Math.abs(res.sigmaMaxAfter - after[0])).toBeLessThanOrEqual(1e-10 * after[0]);
        expect(res.valuesClipped).toBe(before.filter((v) => v > clipTo).length);
      }),
      { numRuns: 40 },
    );
  });

  it("with a smaller kernel: keeps the k×k support and recomputes σ_max of the result", () => {
    for (const [i, geometry] of [
      makeConvGeometry({
        inChannels: 3,
        outChannels: 2,
        inputSpatial: [5, 5],
        kernelSpatial: [3, 3],
        pads: [1, 1, 1, 1],
      }),
      makeConvGeometry({
        inChannels: 2,
        outChannels: 4,
        group: 2,
        inputSpatial: [6, 4],
        kernelSpatial: [3, 2],
        strides: [2, 2],
      }),
      makeConvGeometry({
        inChannels: 2,
        outChannels: 2,
        inputSpatial: [3, 3],
        kernelSpatial: [5, 5],
        pads: [2, 2, 2, 2],
      }),
    ].entries()) {
      const taps = geometry.kernelSpatial[0] * geometry.kernelSpatial[1];
      const w = Float32Array.from(
        seededArray((geometry.outChannels * geometry.inChannels * taps) / geometry.group, i),
      );
      const before = singularValues(w, geometry);
      const res = clipConvSingularValues(w, geometry, before[0] * 0.6);
      expect(res.kernel).toBeInstanceOf(Float64Array);
      expect(res.kernel.length).toBe(w.length);
      const after = singularValues(res.kernel, geometry);
      expect(Math.abs(res.sigmaMaxAfter - after[0])).toBeLessThanOrEqual(1e-10 * after[0]);
      expect(res.sigmaMaxAfter).toBeLessThan(res.sigmaMaxBefore);
      expect(res.blocksClipped).toBeGreaterThan(0);
      expect(res.blocksClipped).toBeLessThanOrEqual(res.blocksTotal);
    }
  });

  it("leaves the kernel unchanged when nothing exceeds clipTo, and validates clipTo", () => {
    const geometry = makeConvGeometry({
      inChannels: 2,
      outChannels: 3,
      inputSpatial: [4, 4],
      kernelSpatial: [3, 3],
      pads: [1, 1, 1, 1],
    });
    const weight = seededArray(54, 1);
    const res = clipConvSingularValues(weight, geometry, 1e6);
    expect([...res.kernel]).toEqual([...weight]);
    expect(res.blocksClipped).toBe(0);
    expect(res.sigmaMaxAfter).toBeCloseTo(res.sigmaMaxBefore, 12);
    expect(clipConvSingularValues(weight, geometry, 1e6, { recompute: false }).sigmaMaxAfter).toBeNaN();
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => clipConvSingularValues(weight, geometry, bad)).toThrow(SpectralInputError);
  });
});
