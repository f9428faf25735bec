import { seededUniform } from "./seeded-uniform.js";

/**
 * A random n×n Hermitian matrix (split, row-major, both triangles) with the given eigenvalues
 * (random unitary from Householder products), or with random entries when `values` is omitted.
 * @internal
 */
export function randomHermitian(
  n: number,
  seed: number,
  values?: ArrayLike<number>,
): { re: Float64Array; im: Float64Array } {
  const rand = seededUniform(seed);
  const re = new Float64Array(n * n);
  const im = new Float64Array(n * n);
  if (!values) {
    for (let i = 0; i < n; i++)
      for (let j = i; j < n; j++) {
        re[i * n + j] = re[j * n + i] = rand();
        im[i * n + j] = i === j ? 0 : rand();
        im[j * n + i] = -im[i * n + j];
      }
    return { re, im };
  }
  // Q = product of 3 random Householder reflectors; A = Q diag(values) Qᴴ.
  const qr = new Float64Array(n * n);
  const qi = new Float64Array(n * n);
  for (let i = 0; i < n; i++) qr[i * n + i] = 1;
  for (let h = 0; h < 3; h++) {
    const vr = Float64Array.from({ length: n }, rand);
    const vi = Float64Array.from({ length: n }, rand);
    const norm = Math.sqrt(vr.reduce((s, x, i) => s + x * x + vi[i] * vi[i], 0));
    for (let i = 0; i < n; i++) {
      vr[i] /= norm;
      vi[i] /= norm;
    }
    // Q ← Q (I − 2 v vᴴ): row-wise, q ← q − 2 (q·v) vᴴ.
    for (let r = 0; r < n; r++) {
      let sr = 0;
      let si = 0;
      for (let k = 0; k < n; k++) {
        sr += qr[r * n + k] * vr[k] - qi[r * n + k] * vi[k];
        si += qr[r * n + k] * vi[k] + qi[r * n + k] * vr[k];
      }
      for (let k = 0; k < n; k++) {
        qr[r * n + k] -= 2 * (sr * vr[k] + si * vi[k]);
        qi[r * n + k] -= 2 * (si * vr[k] - sr * vi[k]);
      }
    }
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let sr = 0;
      let si = 0;
      for (let k = 0; k < n; k++) {
        // Q_ik λ_k conj(Q_jk)
        const ar = qr[i * n + k] * values[k];
        const ai = qi[i * n + k] * values[k];
        sr += ar * qr[j * n + k] + ai * qi[j * n + k];
        si += ai * qr[j * n + k] - ar * qi[j * n + k];
      }
      re[i * n + j] = sr;
      im[i * n + j] = si;
    }
  return { re, im };
}
