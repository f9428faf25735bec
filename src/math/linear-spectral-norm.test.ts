import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { linearSpectralNorm } from "./linear-spectral-norm.js";
import { denseSingularValues } from "./testing/dense-singular-values.js";
import { seededArray } from "./testing/seeded-uniform.js";

describe("linearSpectralNorm", () => {
  it("is exact (1e-10 relative) on random matrices, stored plain or transposed, with alpha", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 70 }),
        fc.nat(),
        fc.boolean(),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (rows, cols, seed, transposed, scale) => {
          const m = seededArray(rows * cols, seed);
          const exact = denseSingularValues(m, rows, cols)[0];
          const stored = transposed
            ? Float64Array.from(
                { length: rows * cols },
                (_, k) => m[(k % rows) * cols + Math.floor(k / rows)],
              )
            : m;
          const res = linearSpectralNorm(stored, rows, cols, { transposed, scale });
          expect(res.method).toBe("exact");
          expect(Math.abs(res.value - Math.abs(scale) * exact)).toBeLessThanOrEqual(
            1e-10 * Math.abs(scale) * exact,
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it("handles rank-deficient, zero and float32 weights", () => {
    // Rank one: u vᵀ has norm ‖u‖·‖v‖.
    const u = [1, 2, 2];
    const v = [3, 4];
    const w = Float32Array.from({ length: 6 }, (_, k) => u[Math.floor(k / 2)] * v[k % 2]);
    expect(linearSpectralNorm(w, 3, 2).value).toBeCloseTo(15, 12);
    expect(linearSpectralNorm(new Float64Array(6), 2, 3).value).toBe(0);
    expect(() => linearSpectralNorm(new Float64Array(5), 2, 3)).toThrow(RangeError);
  });
});
