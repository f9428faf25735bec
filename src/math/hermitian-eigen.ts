import { householderTridiagonal } from "./householder-tridiagonal.js";
import { tridiagonalEigen } from "./tridiagonal-eigen.js";
import { tridiagonalEigenvectors } from "./tridiagonal-eigenvectors.js";

/** Which eigenvectors {@link hermitianEigen} returns. */
export type EigenvectorSelection = "none" | "all" | { readonly minValue: number };

/** Result of {@link hermitianEigen}. */
export interface HermitianEigen {
  /** All n eigenvalues, descending. */
  readonly values: Float64Array;
  /** Number of eigenvectors returned: those of `values[0..vectorCount)`. */
  readonly vectorCount: number;
  /** Eigenvectors as rows (row i, length n, for `values[i]`), real parts; orthonormal. */
  readonly vectorsRe: Float64Array;
  /** Imaginary parts, same layout. */
  readonly vectorsIm: Float64Array;
}

/**
 * Eigen-decomposition of a complex Hermitian n×n matrix given in full (both triangles) as
 * row-major split arrays; the inputs are not modified. Householder reduction to a complex
 * tridiagonal (a real one, 4× cheaper, when the imaginary part is zero — e.g. the self-conjugate
 * frequencies of a real kernel), a diagonal unitary scaling that makes it real, implicit QL.
 *
 * Eigenvectors: "all" accumulates them through QL (≈ 6n³ more flops); `{ minValue }` returns
 * only those with eigenvalue ≥ minValue — by inverse iteration on the tridiagonal when they are
 * at most n/4 of them, so clipping a few singular values costs O(n²) per vector — and each is
 * carried back through the Householder reflectors (8n² flops per vector).
 *
 * Accuracy: backward stable — eigenvalue errors ≤ a small multiple of n·ε·‖A‖, eigenvectors
 * orthonormal to working precision (‖A V − V Λ‖ of the same order).
 */
export function hermitianEigen(
  re: Float64Array,
  im: Float64Array,
  n: number,
  options: { vectors?: EigenvectorSelection } = {},
): HermitianEigen {
  const { d, tr, ti, vr, vi } = householderTridiagonal(re, im, n);
  // Unitary diagonal δ making the sub-diagonal real: e_k = |t_k|.
  const e = new Float64Array(n);
  const dr = new Float64Array(n);
  const di = new Float64Array(n);
  if (n > 0) dr[0] = 1;
  for (let k = 0; k + 1 < n; k++) {
    const a = Math.hypot(tr[k], ti[k]);
    e[k] = a;
    const ur = a === 0 ? 1 : tr[k] / a;
    const ui = a === 0 ? 0 : ti[k] / a;
    dr[k + 1] = dr[k] * ur - di[k] * ui;
    di[k + 1] = dr[k] * ui + di[k] * ur;
  }
  const sel = options.vectors ?? "none";
  if (sel === "none") {
    const { values } = tridiagonalEigen(d, e);
    return { values, vectorCount: 0, vectorsRe: new Float64Array(0), vectorsIm: new Float64Array(0) };
  }
  let values: Float64Array;
  let real: Float64Array;
  let count: number;
  if (sel === "all") {
    const full = tridiagonalEigen(d, e, { vectors: true });
    values = full.values;
    real = full.vectors!;
    count = n;
  } else {
    values = tridiagonalEigen(d, e).values;
    count = 0;
    while (count < n && values[count] >= sel.minValue) count++;
    if (count * 4 > n) real = tridiagonalEigen(d, e, { vectors: true }).vectors!.subarray(0, count * n);
    else real = tridiagonalEigenvectors(d, e, values.subarray(0, count));
  }
  const outRe = new Float64Array(count * n);
  const outIm = new Float64Array(count * n);
  for (let c = 0; c < count; c++) {
    const o = c * n;
    for (let i = 0; i < n; i++) {
      outRe[o + i] = dr[i] * real[o + i];
      outIm[o + i] = di[i] * real[o + i];
    }
    for (let k = n - 3; k >= 0; k--) {
      const vrow = k * n;
      let sr = 0;
      let si = 0;
      for (let i = k + 1; i < n; i++) {
        const xr = vr[vrow + i];
        const xi = vi[vrow + i];
        sr += xr * outRe[o + i] + xi * outIm[o + i];
        si += xr * outIm[o + i] - xi * outRe[o + i];
      }
      if (sr === 0 && si === 0) continue;
      sr *= 2;
      si *= 2;
      for (let i = k + 1; i < n; i++) {
        const xr = vr[vrow + i];
        const xi = vi[vrow + i];
        outRe[o + i] -= xr * sr - xi * si;
        outIm[o + i] -= xr * si + xi * sr;
      }
    }
  }
  return { values, vectorCount: count, vectorsRe: outRe, vectorsIm: outIm };
}
