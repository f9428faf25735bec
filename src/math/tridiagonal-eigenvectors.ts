const EPS = 2 ** -52;

/**
 * Eigenvectors of the real symmetric tridiagonal matrix (`d`, sub-diagonal `e`) for the given
 * eigenvalues (descending, as returned by `tridiagonalEigen`), by inverse iteration with
 * partial-pivoting LU (LAPACK dstein's scheme): three solves per vector, eigenvalues closer than
 * 10⁻³·‖T‖ form a cluster whose vectors are Gram–Schmidt orthogonalised against each other, and
 * (near-)equal eigenvalues inside a cluster are perturbed by 10ε‖T‖ so the solves stay distinct.
 *
 * Cost O(n) per vector plus O(n·c) for a vector in a cluster of size c — the way to get a few
 * eigenvectors without the 6n³ of QL with vectors.
 * @returns vectors as rows (row j, length n, for `values[j]`), unit length.
 */
export function tridiagonalEigenvectors(
  d: ArrayLike<number>,
  e: ArrayLike<number>,
  values: ArrayLike<number>,
): Float64Array {
  const n = d.length;
  const count = values.length;
  const out = new Float64Array(count * n);
  if (n === 0) return out;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const row = Math.abs(d[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0) + (i + 1 < n ? Math.abs(e[i]) : 0);
    norm = Math.max(norm, row);
  }
  if (norm === 0) norm = 1;
  const ortol = 1e-3 * norm;
  const pertol = 10 * EPS * norm;
  const dl = new Float64Array(n);
  const dd = new Float64Array(n);
  const du = new Float64Array(n);
  const du2 = new Float64Array(n);
  const swap = new Uint8Array(n);
  const b = new Float64Array(n);
  let seed = 0x9e3779b9;
  let clusterStart = 0;
  let prevShift = Number.POSITIVE_INFINITY;
  for (let j = 0; j < count; j++) {
    let shift = values[j];
    if (j > 0 && values[j - 1] - values[j] > ortol) clusterStart = j;
    if (j > clusterStart && prevShift - shift < pertol) shift = prevShift - pertol;
    prevShift = shift;
    // LU with partial pivoting of T − shift·I (LAPACK dgttrf layout).
    for (let i = 0; i < n; i++) {
      dd[i] = d[i] - shift;
      if (i + 1 < n) {
        dl[i] = e[i];
        du[i] = e[i];
      }
      du2[i] = 0;
      swap[i] = 0;
    }
    for (let i = 0; i + 1 < n; i++) {
      if (Math.abs(dd[i]) >= Math.abs(dl[i])) {
        if (dd[i] !== 0) {
          const f = dl[i] / dd[i];
          dl[i] = f;
          dd[i + 1] -= f * du[i];
        } else dl[i] = 0;
      } else {
        const f = dd[i] / dl[i];
        dd[i] = dl[i];
        dl[i] = f;
        const t = du[i];
        du[i] = dd[i + 1];
        dd[i + 1] = t - f * dd[i + 1];
        if (i + 2 < n) {
          du2[i] = du[i + 1];
          du[i + 1] = -f * du[i + 1];
        }
        swap[i] = 1;
      }
    }
    for (let i = 0; i < n; i++)
      if (Math.abs(dd[i]) < EPS * norm) dd[i] = dd[i] < 0 ? -EPS * norm : EPS * norm;
    for (let i = 0; i < n; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      b[i] = seed / 4294967296 - 0.5;
    }
    const row = j * n;
    for (let it = 0; it < 3; it++) {
      for (let i = 0; i + 1 < n; i++) {
        if (swap[i]) {
          const t = b[i];
          b[i] = b[i + 1];
          b[i + 1] = t - dl[i] * b[i];
        } else b[i + 1] -= dl[i] * b[i];
      }
      b[n - 1] /= dd[n - 1];
      if (n > 1) b[n - 2] = (b[n - 2] - du[n - 2] * b[n - 1]) / dd[n - 2];
      for (let i = n - 3; i >= 0; i--) b[i] = (b[i] - du[i] * b[i + 1] - du2[i] * b[i + 2]) / dd[i];
      for (let p = clusterStart; p < j; p++) {
        const q = p * n;
        let dot = 0;
        for (let i = 0; i < n; i++) dot += out[q + i] * b[i];
        for (let i = 0; i < n; i++) b[i] -= dot * out[q + i];
      }
      let s = 0;
      for (let i = 0; i < n; i++) s += b[i] * b[i];
      const inv = 1 / Math.sqrt(s);
      for (let i = 0; i < n; i++) b[i] *= inv;
    }
    out.set(b, row);
  }
  return out;
}
