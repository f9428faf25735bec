import { afterAll, describe, expect, it } from "vitest";
import { makeConvGeometry } from "./conv-geometry.js";
import { convSpectralNorm, convSpectralNormAsync } from "./conv-spectral-norm.js";
import { convGramBound } from "./conv-spectral-zero-pad.js";
import { FrequencyPool } from "./parallel/frequency-pool.js";
import { denseCircularConv } from "./testing/dense-circular-conv.js";
import { denseSingularValues } from "./testing/dense-singular-values.js";
import { denseZeroPadConv } from "./testing/dense-zero-pad-conv.js";
import { seededArray } from "./testing/seeded-uniform.js";

const pool = new FrequencyPool({ threads: 2 });
afterAll(() => pool.close());

describe("convSpectralNorm", () => {
  const geometry = makeConvGeometry({
    inChannels: 3,
    outChannels: 4,
    inputSpatial: [6, 5],
    kernelSpatial: [3, 3],
    strides: [1, 1],
    pads: [1, 1, 1, 1],
  });
  const weight = seededArray(4 * 3 * 9, 11);
  const zero = denseZeroPadConv(weight, geometry);
  const exact = denseSingularValues(zero.data, zero.rows, zero.cols)[0];
  const circ = denseCircularConv(weight, geometry);
  const circular = denseSingularValues(circ.data, circ.rows, circ.cols)[0];

  it("reports the value and the method, sync and on a pool alike", async () => {
    const bound = convSpectralNorm(weight, geometry);
    expect(bound.method).toBe("gram-iteration-bound");
    expect(bound.value).toBeGreaterThanOrEqual(exact);
    // Its limit is the circular norm on the embedding grid (8×7 here), above the true norm.
    const limit = convGramBound(weight, geometry, { iterations: 30 }).circularSigmaMax;
    expect(bound.value).toBeLessThan(limit * 1.02);
    const power = convSpectralNorm(weight, geometry, {
      method: "power-iteration",
      power: { maxIterations: 90 },
    });
    expect(power.method).toBe("power-iteration");
    expect(Math.abs(power.value - exact)).toBeLessThan(1e-10 * exact);
    expect(power.iterations).toBeGreaterThan(0);
    expect(power.residual).toBeGreaterThanOrEqual(0);
    const circle = convSpectralNorm(weight, geometry, { method: "exact-circular" });
    expect(circle.method).toBe("exact-circular");
    expect(Math.abs(circle.value - circular)).toBeLessThan(1e-10 * circular);
    for (const method of ["gram-iteration-bound", "power-iteration", "exact-circular"] as const) {
      const a = await convSpectralNormAsync(weight, geometry, { method, pool, power: { maxIterations: 90 } });
      const s = convSpectralNorm(weight, geometry, { method, power: { maxIterations: 90 } });
      expect(a.value).toBeCloseTo(s.value, 12);
      expect(a.method).toBe(s.method);
    }
  });
});
