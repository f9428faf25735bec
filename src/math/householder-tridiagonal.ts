/** A Householder reduction `Qᴴ A Q = T` of a Hermitian matrix (see {@link householderTridiagonal}). */
export interface Tridiagonalisation {
  /** Diagonal of T (real). */
  readonly d: Float64Array;
  /** Complex sub-diagonal T[k+1, k] (real and imaginary parts). */
  readonly tr: Float64Array;
  readonly ti: Float64Array;
  /** Reflector k (unit norm, entries k+1..n−1) in row k: Q = H₀H₁⋯, H_k = I − 2v_kv_kᴴ. */
  readonly vr: Float64Array;
  readonly vi: Float64Array;
}

/**
 * Householder tridiagonalisation of a Hermitian n×n matrix (full row-major split arrays, not
 * modified), reading and updating only the lower triangle: 16n³/3 flops, or a real-arithmetic
 * path (4n³/3) when every imaginary part is zero.
 */
export function householderTridiagonal(re: Float64Array, im: Float64Array, n: number): Tridiagonalisation {
  let real = true;
  for (let i = 0; i < n * n && real; i++) real = im[i] === 0;
  const ar = re.slice(0, n * n);
  const ai = real ? new Float64Array(0) : im.slice(0, n * n);
  const d = new Float64Array(n);
  const tr = new Float64Array(n); // complex sub-diagonal T[k+1, k]
  const ti = new Float64Array(n);
  const vr = new Float64Array(n * n); // reflector k in row k (entries k+1..n-1), unit norm
  const vi = new Float64Array(n * n);
  const pr = new Float64Array(n);
  const pi = new Float64Array(n);
  // Only the lower triangle is read and updated (row i, columns ≤ i): half the memory traffic,
  // 16n³/3 flops.
  if (real) return realTridiagonal(ar, n, d, tr, ti, vr, vi);
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
  finish(ar, ai, n, d, tr, ti);
  return { d, tr, ti, vr, vi };
}

function finish(
  ar: Float64Array,
  ai: Float64Array,
  n: number,
  d: Float64Array,
  tr: Float64Array,
  ti: Float64Array,
) {
  if (n >= 2) {
    d[n - 2] = ar[(n - 2) * n + n - 2];
    tr[n - 2] = ar[(n - 1) * n + n - 2];
    ti[n - 2] = ai.length > 0 ? ai[(n - 1) * n + n - 2] : 0;
  }
  if (n >= 1) d[n - 1] = ar[n * n - 1];
}

/** The same reduction in real arithmetic (imaginary parts of T and the reflectors stay 0). */
function realTridiagonal(
  a: Float64Array,
  n: number,
  d: Float64Array,
  tr: Float64Array,
  ti: Float64Array,
  vr: Float64Array,
  vi: Float64Array,
): Tridiagonalisation {
  const p = new Float64Array(n);
  for (let k = 0; k + 2 < n; k++) {
    d[k] = a[k * n + k];
    let rest = 0;
    for (let i = k + 2; i < n; i++) rest += a[i * n + k] ** 2;
    const x0 = a[(k + 1) * n + k];
    if (rest === 0) {
      tr[k] = x0;
      continue;
    }
    const norm = Math.sqrt(rest + x0 * x0);
    const alpha = x0 > 0 ? -norm : norm;
    tr[k] = alpha;
    const scale = 1 / Math.sqrt(2 * norm * (norm + Math.abs(x0)));
    const v = k * n;
    vr[v + k + 1] = (x0 - alpha) * scale;
    for (let i = k + 2; i < n; i++) vr[v + i] = a[i * n + k] * scale;
    p.fill(0);
    for (let i = k + 1; i < n; i++) {
      const o = i * n;
      const x = vr[v + i];
      let s = a[o + i] * x;
      for (let j = k + 1; j < i; j++) {
        s += a[o + j] * vr[v + j];
        p[j] += a[o + j] * x;
      }
      p[i] += s;
    }
    let beta = 0;
    for (let i = k + 1; i < n; i++) beta += vr[v + i] * p[i];
    for (let i = k + 1; i < n; i++) p[i] = 2 * p[i] - 2 * beta * vr[v + i];
    for (let i = k + 1; i < n; i++) {
      const o = i * n;
      const x = vr[v + i];
      const w = p[i];
      for (let j = k + 1; j <= i; j++) a[o + j] -= x * p[j] + w * vr[v + j];
    }
  }
  finish(a, new Float64Array(0), n, d, tr, ti);
  return { d, tr, ti, vr, vi };
}
