import { describe, expect, it } from "vitest";
import { batchNormOperatorNorm } from "./batch-norm-opnorms.js";

describe("batchNormOperatorNorm", () => {
  it("C=3: max |γ|/√(σ²+ε), hand-computed", () => {
    // |γ|/√(σ²+ε) = 1/1, 3/2, 2/4
    const norm = batchNormOperatorNorm(Float32Array.of(1, -3, 2), Float32Array.of(0.75, 3.75, 15.75), 0.25);
    expect(norm).toEqual({ value: 1.5, channel: 1, position: [] });
  });

  it("ties go to the lowest channel; all-zero γ gives 0 at channel 0", () => {
    expect(batchNormOperatorNorm(Float64Array.of(1, -2, 2), Float64Array.of(1, 4, 4), 0)).toEqual({
      value: 1,
      channel: 0,
      position: [],
    });
    expect(batchNormOperatorNorm(new Float32Array(4), new Float32Array(4).fill(1), 1e-5)).toEqual({
      value: 0,
      channel: 0,
      position: [],
    });
  });

  it("computes in float64 from float32 inputs", () => {
    const gamma = Float32Array.of(0.1);
    const variance = Float32Array.of(0.3);
    expect(batchNormOperatorNorm(gamma, variance, 1e-5).value).toBe(gamma[0] / Math.sqrt(variance[0] + 1e-5));
  });

  it("throws when scale and variance lengths differ or are empty", () => {
    expect(() => batchNormOperatorNorm(new Float32Array(2), new Float32Array(3), 1e-5)).toThrow(
      /batchNormOperatorNorm: scale and variance need the same positive length, got 2 and 3/,
    );
    expect(() => batchNormOperatorNorm(new Float32Array(0), new Float32Array(0), 1e-5)).toThrow(RangeError);
  });

  it("throws when variance + epsilon is not positive", () => {
    expect(() => batchNormOperatorNorm(Float32Array.of(1, 1), Float32Array.of(1, -1), 0.5)).toThrow(
      /variance \+ epsilon must be positive, got -0.5 at channel 1/,
    );
    expect(() => batchNormOperatorNorm(Float32Array.of(1), Float32Array.of(0), 0)).toThrow(RangeError);
    expect(() => batchNormOperatorNorm(Float32Array.of(1), Float32Array.of(Number.NaN), 1e-5)).toThrow(
      RangeError,
    );
  });
});
