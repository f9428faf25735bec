import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hermitianEigen } from "./hermitian-eigen.js";
import { type HermitianOperator, lanczosLargest } from "./lanczos-largest.js";
import { randomHermitian } from "./testing/random-hermitian.js";

function dense(n: number, re: Float64Array, im: Float64Array): HermitianOperator {
  return {
    n,
    apply(xr, xi, yr, yi) {
      for (let i = 0; i < n; i++) {
        let a = 0;
        let b = 0;
        for (let j = 0; j < n; j++) {
          a += re[i * n + j] * xr[j] - im[i * n + j] * xi[j];
          b += re[i * n + j] * xi[j] + im[i * n + j] * xr[j];
        }
        yr[i] = a;
        yi[i] = b;
      }
    },
  };
}

describe("lanczosLargest", () => {
  it("finds the top eigenvalue of PSD Hermitian matrices to ~1e-14 relative", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.nat(), (n, seed) => {
        const values = Array.from({ length: n }, (_, k) => Math.abs(Math.sin(seed + k * 1.7)) * 10);
        const { re, im } = randomHermitian(n, seed, values);
        const top = hermitianEigen(re, im, n).values[0];
        const res = lanczosLargest(dense(n, re, im), { seed: seed + 1, vector: true });
        expect(Math.abs(res.value - top)).toBeLessThanOrEqual(1e-13 * Math.max(top, 1e-300) + 1e-14);
        expect(res.iterations).toBeLessThanOrEqual(n);
        expect(res.vectorRe?.length).toBe(n);
      }),
      { numRuns: 40 },
    );
  });

  it("stops early on an invariant subspace (low rank) and is exact", () => {
    const values = [9, 9, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const { re, im } = randomHermitian(values.length, 3, values);
    const res = lanczosLargest(dense(values.length, re, im));
    expect(res.value).toBeCloseTo(9, 12);
    expect(res.iterations).toBeLessThanOrEqual(4);
  });

  it("works with real operators and a zero operator", () => {
    const n = 5;
    const diag = [1, 2, 3, 4, 5];
    const op: HermitianOperator = {
      n,
      apply(xr, _xi, yr, yi) {
        for (let i = 0; i < n; i++) yr[i] = diag[i] * xr[i];
        yi.fill(0);
      },
    };
    expect(lanczosLargest(op, { real: true }).value).toBeCloseTo(5, 13);
    const zero: HermitianOperator = {
      n: 3,
      apply(_a, _b, y, z) {
        y.fill(0);
        z.fill(0);
      },
    };
    expect(lanczosLargest(zero).value).toBe(0);
    expect(lanczosLargest({ n: 0, apply: () => undefined }).value).toBe(0);
  });
});
