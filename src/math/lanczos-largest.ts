import { tridiagonalEigen } from "./tridiagonal-eigen.js";
import { tridiagonalEigenvectors } from "./tridiagonal-eigenvectors.js";

/** A Hermitian (or real symmetric) positive semi-definite operator y = A x on split vectors. */
export interface HermitianOperator {
  readonly n: number;
  /** Writes A·x into (yRe, yIm); must not keep references to its arguments. */
  apply(xRe: Float64Array, xIm: Float64Array, yRe: Float64Array, yIm: Float64Array): void;
}

/** Options of {@link lanczosLargest}. */
export interface LanczosOptions {
  /**
   * Stop when the eigenvalue error bound min(r, r²/gap) is ≤ `tolerance`·θ, with r the Ritz
   * residual and gap the distance to the next Ritz value (default 1e-15).
   */
  readonly tolerance?: number;
  /** Iteration cap (default and maximum n, where the Krylov space is the whole space). */
  readonly maxIterations?: number;
  /** Seed of the random start vector (deterministic results). */
  readonly seed?: number;
  /** Real operator: start vector (hence every Lanczos vector) has zero imaginary part. */
  readonly real?: boolean;
  /** Return the Ritz vector. */
  readonly vector?: boolean;
}

/** Result of {@link lanczosLargest}. */
export interface LanczosResult {
  /** Largest eigenvalue (the top Ritz value θ ≤ λmax). */
  readonly value: number;
  readonly iterations: number;
  /** ‖A y − θ y‖ of the unit Ritz vector y. */
  readonly residual: number;
  readonly vectorRe?: Float64Array;
  readonly vectorIm?: Float64Array;
}

/**
 * Largest eigenvalue of a Hermitian operator by Lanczos with full re-orthogonalisation
 * (classical Gram–Schmidt, repeated when it cancelled — "twice is enough"). Converges to the
 * full working precision that power iteration cannot reach: the error bound min(r, r²/gap)
 * shrinks like the square of the residual, and after n steps the Krylov space is the whole
 * space, so the result is then the exact top eigenvalue of the n×n tridiagonal. A breakdown
 * (β = 0) means the Krylov space is invariant; from a random start it holds a component of
 * every eigenvector, so its top Ritz value is λmax.
 */
export function lanczosLargest(op: HermitianOperator, options: LanczosOptions = {}): LanczosResult {
  const n = op.n;
  if (n === 0) return { value: 0, iterations: 0, residual: 0 };
  const maxIt = Math.max(1, Math.min(n, options.maxIterations ?? n));
  const real = options.real ?? false;
  const tol = options.tolerance ?? 1e-15;
  const qr = new Float64Array((maxIt + 1) * n);
  // A real run keeps every imaginary part 0: no storage for them.
  const qi = new Float64Array(real ? n : (maxIt + 1) * n);
  let seed = (options.seed ?? 12345) >>> 0 || 1;
  const rand = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296 - 0.5;
  };
  let s0 = 0;
  for (let i = 0; i < n; i++) {
    qr[i] = rand();
    qi[i] = real ? 0 : rand();
    s0 += qr[i] * qr[i] + qi[i] * qi[i];
  }
  const inv0 = 1 / Math.sqrt(s0);
  for (let i = 0; i < n; i++) {
    qr[i] *= inv0;
    qi[i] *= inv0;
  }
  const alpha = new Float64Array(maxIt);
  const beta = new Float64Array(maxIt);
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  const cr = new Float64Array(maxIt);
  const ci = new Float64Array(maxIt);
  let theta = 0;
  let residual = Number.POSITIVE_INFINITY;
  let top: Float64Array | undefined;
  let normEstimate = 0;
  let j = 0;
  for (; j < maxIt; j++) {
    const o = j * n;
    op.apply(qr.subarray(o, o + n), real ? qi : qi.subarray(o, o + n), wr, wi);
    if (real) wi.fill(0);
    let a = 0;
    if (real) for (let i = 0; i < n; i++) a += qr[o + i] * wr[i];
    else for (let i = 0; i < n; i++) a += qr[o + i] * wr[i] + qi[o + i] * wi[i];
    alpha[j] = a;
    // Three-term recurrence, then full re-orthogonalisation (a second pass only when the first
    // removed most of what was left).
    if (j > 0) {
      const q = o - n;
      const bp = beta[j - 1];
      for (let i = 0; i < n; i++) wr[i] -= a * qr[o + i] + bp * qr[q + i];
      if (!real) for (let i = 0; i < n; i++) wi[i] -= a * qi[o + i] + bp * qi[q + i];
    } else {
      for (let i = 0; i < n; i++) wr[i] -= a * qr[o + i];
      if (!real) for (let i = 0; i < n; i++) wi[i] -= a * qi[o + i];
    }
    let before = 0;
    for (let i = 0; i < n; i++) before += wr[i] * wr[i] + wi[i] * wi[i];
    let b = before;
    for (let pass = 0; pass < 2; pass++) {
      if (real) reorthogonaliseReal(qr, wr, n, j, cr);
      else
        for (let p = 0; p <= j; p++) {
          const q = p * n;
          let sr = 0;
          let si = 0;
          for (let i = 0; i < n; i++) {
            sr += qr[q + i] * wr[i] + qi[q + i] * wi[i];
            si += qr[q + i] * wi[i] - qi[q + i] * wr[i];
          }
          cr[p] = sr;
          ci[p] = si;
        }
      if (!real)
        for (let p = 0; p <= j; p++) {
          const q = p * n;
          const sr = cr[p];
          const si = ci[p];
          for (let i = 0; i < n; i++) {
            wr[i] -= qr[q + i] * sr - qi[q + i] * si;
            wi[i] -= qr[q + i] * si + qi[q + i] * sr;
          }
        }
      b = 0;
      for (let i = 0; i < n; i++) b += wr[i] * wr[i] + wi[i] * wi[i];
      if (b > 0.5 * before) break;
      before = b;
    }
    b = Math.sqrt(b);
    beta[j] = b;
    const m = j + 1;
    normEstimate = Math.max(normEstimate, Math.abs(a) + b + (j > 0 ? beta[j - 1] : 0));
    const breakdown = b <= 1e-14 * normEstimate;
    // The Ritz values cost O(m²): check every third step, and whenever the loop must stop.
    if (m % 3 === 0 || breakdown || m === n || m === maxIt) {
      const values = tridiagonalEigen(alpha.subarray(0, m), beta.subarray(0, m - 1)).values;
      theta = values[0];
      top = tridiagonalEigenvectors(alpha.subarray(0, m), beta.subarray(0, m - 1), values.subarray(0, 1));
      residual = b * Math.abs(top[m - 1]);
      const scale = Math.max(Math.abs(theta), Math.abs(values[m - 1]), Number.MIN_VALUE);
      const gap = m > 1 ? values[0] - values[1] : 0;
      const bound =
        m > 1 ? Math.min(residual, (residual * residual) / Math.max(gap, Number.MIN_VALUE)) : residual;
      if (bound <= tol * scale || breakdown || m === n) {
        j++;
        break;
      }
    }
    const next = m * n;
    const inv = 1 / b;
    for (let i = 0; i < n; i++) qr[next + i] = wr[i] * inv;
    if (!real) for (let i = 0; i < n; i++) qi[next + i] = wi[i] * inv;
  }
  if (!options.vector || !top) return { value: theta, iterations: j, residual };
  const vr = new Float64Array(n);
  const vi = new Float64Array(n);
  for (let p = 0; p < j; p++) {
    const q = p * n;
    const s = top[p];
    for (let i = 0; i < n; i++) vr[i] += s * qr[q + i];
    if (!real) for (let i = 0; i < n; i++) vi[i] += s * qi[q + i];
  }
  return { value: theta, iterations: j, residual, vectorRe: vr, vectorIm: vi };
}

/** w −= Q (Qᵀ w) over the first j + 1 real basis vectors (c: scratch of length ≥ j + 1). */
function reorthogonaliseReal(q: Float64Array, w: Float64Array, n: number, j: number, c: Float64Array): void {
  for (let p = 0; p <= j; p++) {
    const o = p * n;
    let s = 0;
    for (let i = 0; i < n; i++) s += q[o + i] * w[i];
    c[p] = s;
  }
  for (let p = 0; p <= j; p++) {
    const o = p * n;
    const s = c[p];
    for (let i = 0; i < n; i++) w[i] -= q[o + i] * s;
  }
}
