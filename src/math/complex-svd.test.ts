import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { complexSvd } from "./complex-svd.js";
import { hermitianEigen } from "./hermitian-eigen.js";
import { seededArray } from "./testing/seeded-uniform.js";

function gram(re: Float64Array, im: Float64Array, rows: number, cols: number) {
  // AᴴA (cols×cols)
  const gr = new Float64Array(cols * cols);
  const gi = new Float64Array(cols * cols);
  for (let i = 0; i < cols; i++)
    for (let j = 0; j < cols; j++)
      for (let k = 0; k < rows; k++) {
        const a = k * cols + i;
        const b = k * cols + j;
        gr[i * cols + j] += re[a] * re[b] + im[a] * im[b];
        gi[i * cols + j] += re[a] * im[b] - im[a] * re[b];
      }
  return { gr, gi };
}

describe("complexSvd", () => {
  it("reconstructs A = U Σ Vᴴ with orthonormal U, V (tall and wide)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.nat(),
        (rows, cols, seed) => {
          const re = seededArray(rows * cols, seed);
          const im = seededArray(rows * cols, seed + 7);
          const svd = complexSvd(re, im, rows, cols, { vectors: true });
          const r = Math.min(rows, cols);
          expect(svd.values.length).toBe(r);
          const { uRe, uIm, vRe, vIm } = svd as Required<typeof svd>;
          for (let i = 0; i < rows; i++)
            for (let j = 0; j < cols; j++) {
              let sr = 0;
              let si = 0;
              for (let k = 0; k < r; k++) {
                // U_ik σ_k conj(V_jk)
                const ar = uRe[i * r + k] * svd.values[k];
                const ai = uIm[i * r + k] * svd.values[k];
                sr += ar * vRe[j * r + k] + ai * vIm[j * r + k];
                si += ai * vRe[j * r + k] - ar * vIm[j * r + k];
              }
              expect(Math.abs(sr - re[i * cols + j])).toBeLessThan(1e-13);
              expect(Math.abs(si - im[i * cols + j])).toBeLessThan(1e-13);
            }
          for (const [xr, xi, len] of [
            [uRe, uIm, rows],
            [vRe, vIm, cols],
          ] as const)
            for (let a = 0; a < r; a++)
              for (let b = 0; b < r; b++) {
                let dr = 0;
                let di = 0;
                for (let k = 0; k < len; k++) {
                  dr += xr[k * r + a] * xr[k * r + b] + xi[k * r + a] * xi[k * r + b];
                  di += xr[k * r + a] * xi[k * r + b] - xi[k * r + a] * xr[k * r + b];
                }
                if (svd.values[a] > 1e-12 && svd.values[b] > 1e-12) {
                  expect(Math.abs(dr - (a === b ? 1 : 0))).toBeLessThan(1e-12);
                  expect(Math.abs(di)).toBeLessThan(1e-12);
                }
              }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("agrees with the Gram eigenvalues for the large singular values", () => {
    const rows = 12;
    const cols = 7;
    const re = seededArray(rows * cols, 1);
    const im = seededArray(rows * cols, 2);
    const { gr, gi } = gram(re, im, rows, cols);
    const eig = hermitianEigen(gr, gi, cols).values;
    const sv = complexSvd(re, im, rows, cols).values;
    for (const [k, s] of sv.entries()) expect(Math.abs(s * s - eig[k]) / eig[0]).toBeLessThan(1e-13);
  });

  it("keeps tiny singular values to high relative accuracy (graded matrix)", () => {
    // A = diag(1, 1e-5, 1e-10) mixed by unitary column rotations of a 3×3 real orthogonal.
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    const q = [c, s, 0, -s, c, 0, 0, 0, 1];
    const sigma = [1, 1e-5, 1e-10];
    const re = new Float64Array(9);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) re[i * 3 + j] = sigma[i] * q[i * 3 + j];
    const sv = complexSvd(re, new Float64Array(9), 3, 3).values;
    for (const [k, v] of sigma.entries()) expect(Math.abs(sv[k] - v) / v).toBeLessThan(1e-13);
  });
});
