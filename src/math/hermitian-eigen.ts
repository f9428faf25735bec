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
 * tridiagonal, a diagonal unitary scaling that makes it real, then implicit QL.
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
  const ar = re.slice(0, n * n);
  const ai = im.slice(0, n * n);
  const d = new Float64Array(n);
  const tr = new Float64Array(n); // complex sub-diagonal T[k+1, k]
  const ti = new Float64Array(n);
  const vr = new Float64Array(n * n); // reflector k in row k (entries k+1..n-1), unit norm
  const vi = new Float64Array(n * n);
  const pr = new Float64Array(n);
  const pi = new Float64Array(n);
  // Only the lower triangle is read and updated (row i, columns ≤ i): half the memory traffic,
  // 16n³/3 flops.
  for (let k = 0; k + 2 < n; k++) {
    d[k] = ar[k * n + k];
    // x = column k below the diagonal.
    let rest = 0;
    for (let i = k + 2; i < n; i++) rest += ar[i * n + k] ** 2 + ai[i * n + k] ** 2;
    const xr0 = ar[(k + 1) * n + k];
    const xi0 = ai[(k + 1) * n + k];
    const abs0 = Math.hypot(xr0, xi0);
    const norm = Math.sqrt(rest + abs0 * abs0);
    if (rest === 0) {
      tr[k] = xr0;
      ti[k] = xi0;
      continue;
    }
    const phr = abs0 === 0 ? 1 : xr0 / abs0;
    const phi = abs0 === 0 ? 0 : xi0 / abs0;
    const alphaR = -phr * norm;
    const alphaI = -phi * norm;
    tr[k] = alphaR;
    ti[k] = alphaI;
    // v = x − α e1, normalised; ‖x − αe1‖² = 2‖x‖(‖x‖ + |x0|).
    const scale = 1 / Math.sqrt(2 * norm * (norm + abs0));
    const vrow = k * n;
    vr[vrow + k + 1] = (xr0 - alphaR) * scale;
    vi[vrow + k + 1] = (xi0 - alphaI) * scale;
    for (let i = k + 2; i < n; i++) {
      vr[vrow + i] = ar[i * n + k] * scale;
      vi[vrow + i] = ai[i * n + k] * scale;
    }
    // p = B v on the trailing block (from its lower triangle), β = vᴴp, w = 2p − 2βv.
    pr.fill(0);
    pi.fill(0);
    for (let i = k + 1; i < n; i++) {
      const o = i * n;
      const xr = vr[vrow + i];
      const xi = vi[vrow + i];
      let sr = ar[o + i] * xr;
      let si = ar[o + i] * xi;
      for (let j = k + 1; j < i; j++) {
        const br = ar[o + j];
        const bi = ai[o + j];
        const yr = vr[vrow + j];
        const yi = vi[vrow + j];
        sr += br * yr - bi * yi;
        si += br * yi + bi * yr;
        // p_j += conj(B_ij)·v_i
        pr[j] += br * xr + bi * xi;
        pi[j] += br * xi - bi * xr;
      }
      pr[i] += sr;
      pi[i] += si;
    }
    let beta = 0;
    for (let i = k + 1; i < n; i++) beta += vr[vrow + i] * pr[i] + vi[vrow + i] * pi[i];
    for (let i = k + 1; i < n; i++) {
      pr[i] = 2 * pr[i] - 2 * beta * vr[vrow + i];
      pi[i] = 2 * pi[i] - 2 * beta * vi[vrow + i];
    }
    // B −= v wᴴ + w vᴴ on the lower triangle.
    for (let i = k + 1; i < n; i++) {
      const o = i * n;
      const xr = vr[vrow + i];
      const xi = vi[vrow + i];
      const wr = pr[i];
      const wi = pi[i];
      for (let j = k + 1; j <= i; j++) {
        const yr = vr[vrow + j];
        const yi = vi[vrow + j];
        const zr = pr[j];
        const zi = pi[j];
        // v_i conj(w_j) + w_i conj(v_j)
        ar[o + j] -= xr * zr + xi * zi + wr * yr + wi * yi;
        ai[o + j] -= xi * zr - xr * zi + wi * yr - wr * yi;
      }
    }
  }
  if (n >= 2) {
    d[n - 2] = ar[(n - 2) * n + n - 2];
    tr[n - 2] = ar[(n - 1) * n + n - 2];
    ti[n - 2] = ai[(n - 1) * n + n - 2];
  }
  if (n >= 1) d[n - 1] = ar[n * n - 1];
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
