import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hermitianEigen } from "./hermitian-eigen.js";
import { randomHermitian } from "./testing/random-hermitian.js";
import { tridiagonalEigen } from "./tridiagonal-eigen.js";
import { tridiagonalEigenvectors } from "./tridiagonal-eigenvectors.js";

/** max_k ‖A v_k − λ_k v_k‖ and max |v_jᴴ v_k − δ_jk| over the returned vectors. */
function check(re: Float64Array, im: Float64Array, n: number, e: ReturnType<typeof hermitianEigen>) {
  let residual = 0;
  let orth = 0;
  for (let k = 0; k < e.vectorCount; k++) {
    const o = k * n;
    for (let i = 0; i < n; i++) {
      let sr = -e.values[k] * e.vectorsRe[o + i];
      let si = -e.values[k] * e.vectorsIm[o + i];
      for (let j = 0; j < n; j++) {
        sr += re[i * n + j] * e.vectorsRe[o + j] - im[i * n + j] * e.vectorsIm[o + j];
        si += re[i * n + j] * e.vectorsIm[o + j] + im[i * n + j] * e.vectorsRe[o + j];
      }
      residual = Math.max(residual, Math.hypot(sr, si));
    }
    for (let l = 0; l <= k; l++) {
      let dr = 0;
      let di = 0;
      for (let i = 0; i < n; i++) {
        dr += e.vectorsRe[l * n + i] * e.vectorsRe[o + i] + e.vectorsIm[l * n + i] * e.vectorsIm[o + i];
        di += e.vectorsRe[l * n + i] * e.vectorsIm[o + i] - e.vectorsIm[l * n + i] * e.vectorsRe[o + i];
      }
      orth = Math.max(orth, Math.hypot(dr - (l === k ? 1 : 0), di));
    }
  }
  return { residual, orth };
}

describe("hermitianEigen", () => {
  it("reconstructs random Hermitian matrices: A v = λ v, orthonormal vectors, descending values", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 }), fc.nat(), (n, seed) => {
        const { re, im } = randomHermitian(n, seed);
        const e = hermitianEigen(re, im, n, { vectors: "all" });
        const { residual, orth } = check(re, im, n, e);
        expect(residual).toBeLessThan(1e-12 * n);
        expect(orth).toBeLessThan(1e-13 * n);
        for (let k = 1; k < n; k++) expect(e.values[k]).toBeLessThanOrEqual(e.values[k - 1]);
        // Trace is preserved.
        let trace = 0;
        for (let i = 0; i < n; i++) trace += re[i * n + i];
        expect(Math.abs(e.values.reduce((a, b) => a + b, 0) - trace)).toBeLessThan(1e-12 * n);
      }),
      { numRuns: 40 },
    );
  });

  it("takes the real-arithmetic path for real symmetric input, with the same guarantees", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.nat(), (n, seed) => {
        const { re } = randomHermitian(n, seed);
        const im = new Float64Array(n * n);
        const e = hermitianEigen(re, im, n, { vectors: "all" });
        const { residual, orth } = check(re, im, n, e);
        expect(residual).toBeLessThan(1e-12 * n);
        expect(orth).toBeLessThan(1e-13 * n);
        const few = hermitianEigen(re, im, n, { vectors: { minValue: e.values[Math.min(2, n - 1)] } });
        expect(check(re, im, n, few).residual).toBeLessThan(1e-12 * n);
        for (let k = 0; k < n; k++) expect(Math.abs(few.values[k] - e.values[k])).toBeLessThan(1e-13 * n);
      }),
      { numRuns: 30 },
    );
  });

  it("recovers prescribed eigenvalues, including repeated ones", () => {
    const values = [5, 3, 3, 3, 1e-3, 0, -2, -2];
    const { re, im } = randomHermitian(values.length, 9, values);
    const e = hermitianEigen(re, im, values.length, { vectors: "all" });
    const sorted = [...values].sort((a, b) => b - a);
    for (const [k, v] of sorted.entries()) expect(e.values[k]).toBeCloseTo(v, 12);
    const { residual, orth } = check(re, im, values.length, e);
    expect(residual).toBeLessThan(1e-12);
    expect(orth).toBeLessThan(1e-12);
  });

  it("returns only the eigenvectors above minValue, by inverse iteration or QL", () => {
    const n = 40;
    const { re, im } = randomHermitian(n, 4);
    const all = hermitianEigen(re, im, n).values;
    for (const count of [0, 1, 3, 9, 30]) {
      const minValue = count === 0 ? all[0] + 1 : all[count - 1];
      const e = hermitianEigen(re, im, n, { vectors: { minValue } });
      expect(e.vectorCount).toBe(count);
      const { residual, orth } = check(re, im, n, e);
      expect(residual).toBeLessThan(1e-11);
      expect(orth).toBeLessThan(1e-11);
    }
    // A cluster of equal eigenvalues among the selected ones still gives orthonormal vectors.
    const clustered = [4, 4, 4, 4, 1, 0.5, 0.25, 0.1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const h = randomHermitian(clustered.length, 5, clustered);
    const e = hermitianEigen(h.re, h.im, clustered.length, { vectors: { minValue: 3.5 } });
    expect(e.vectorCount).toBe(4);
    const r = check(h.re, h.im, clustered.length, e);
    expect(r.residual).toBeLessThan(1e-12);
    expect(r.orth).toBeLessThan(1e-10);
  });

  it("handles diagonal, zero and tiny matrices", () => {
    const z = hermitianEigen(new Float64Array(9), new Float64Array(9), 3, { vectors: "all" });
    expect([...z.values]).toEqual([0, 0, 0]);
    const d = hermitianEigen(Float64Array.of(2, 0, 0, 7), new Float64Array(4), 2, { vectors: "all" });
    expect([...d.values]).toEqual([7, 2]);
    expect(hermitianEigen(Float64Array.of(3), Float64Array.of(0), 1).values[0]).toBe(3);
    expect(hermitianEigen(new Float64Array(0), new Float64Array(0), 0).values.length).toBe(0);
  });
});

describe("tridiagonal eigen-solvers", () => {
  it("QL and inverse iteration agree with T v = λ v", () => {
    const d = Float64Array.of(4, -1, 2, 2, 0.5, 3);
    const e = Float64Array.of(1, 0.3, 0, 2, 1e-9);
    const { values, vectors } = tridiagonalEigen(d, e, { vectors: true });
    const inv = tridiagonalEigenvectors(d, e, values);
    const n = d.length;
    for (const vs of [vectors!, inv])
      for (let k = 0; k < n; k++)
        for (let i = 0; i < n; i++) {
          const tv =
            d[i] * vs[k * n + i] +
            (i > 0 ? e[i - 1] * vs[k * n + i - 1] : 0) +
            (i + 1 < n ? e[i] * vs[k * n + i + 1] : 0);
          expect(Math.abs(tv - values[k] * vs[k * n + i])).toBeLessThan(1e-12);
        }
  });
});
