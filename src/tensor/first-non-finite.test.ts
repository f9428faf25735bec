import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstNonFinite } from "./first-non-finite.js";

function reference(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

describe("firstNonFinite", () => {
  const special = fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    0,
    -0,
    1e-45,
    3.4e38,
    -1.5,
  );
  const element = fc.oneof(fc.double(), special);

  it("matches Number.isFinite on float64 arrays (random, incl. NaN/±Inf/subnormals)", () => {
    fc.assert(
      fc.property(fc.array(element, { maxLength: 40 }), (values) => {
        expect(firstNonFinite(Float64Array.from(values))).toBe(reference(values));
      }),
      { numRuns: 500 },
    );
  });

  it("matches Number.isFinite on float32 arrays, also on unaligned-length tails", () => {
    fc.assert(
      fc.property(fc.array(element, { maxLength: 40 }), (values) => {
        const array = Float32Array.from(values);
        expect(firstNonFinite(array)).toBe(reference(array));
      }),
      { numRuns: 500 },
    );
  });

  it("respects the view's offset: a NaN before the view is not reported", () => {
    const buffer = new Float32Array([Number.NaN, 1, 2, Number.POSITIVE_INFINITY, 4]);
    expect(firstNonFinite(buffer.subarray(1))).toBe(2);
    expect(firstNonFinite(buffer.subarray(1, 3))).toBe(-1);
    const doubles = new Float64Array([Number.NaN, 1, Number.NEGATIVE_INFINITY]);
    expect(firstNonFinite(doubles.subarray(1))).toBe(1);
  });

  it("float32 max and the largest subnormal are finite", () => {
    expect(firstNonFinite(new Float32Array([3.4028234663852886e38, -3.4028234663852886e38, 1.4e-45]))).toBe(
      -1,
    );
  });
});
