/** Result of {@link tridiagonalEigen}. */
export interface TridiagonalEigen {
  /** Eigenvalues, descending. */
  readonly values: Float64Array;
  /**
   * Eigenvectors as rows (row i, length n, belongs to `values[i]`), orthonormal; present when
   * requested.
   */
  readonly vectors?: Float64Array;
}

const EPS = 2 ** -52;

/** √(a² + b²) without Math.hypot's cost; falls back to it only when a square over/underflows. */
function hypot(a: number, b: number): number {
  const s = a * a + b * b;
  return s > 1e-300 && s < 1e300 ? Math.sqrt(s) : Math.hypot(a, b);
}

/**
 * Eigenvalues (and optionally eigenvectors) of the real symmetric tridiagonal matrix with
 * diagonal `d` (length n) and sub-diagonal `e` (length ≥ n − 1, `e[i]` = T[i+1, i]), by the
 * implicit QL algorithm with Wilkinson-type shifts (EISPACK tql1/tql2). Inputs are not modified.
 * Backward stable: eigenvalue errors are a small multiple of ε·‖T‖.
 *
 * Cost: O(n²) for values, about 6n³ flops with vectors.
 * @throws Error when QL fails to converge (30 sweeps per eigenvalue; never seen on finite input).
 */
export function tridiagonalEigen(
  d: ArrayLike<number>,
  e: ArrayLike<number>,
  options: { vectors?: boolean } = {},
): TridiagonalEigen {
  const n = d.length;
  const w = Float64Array.from(d);
  const sub = new Float64Array(n);
  for (let i = 0; i + 1 < n; i++) sub[i] = e[i];
  // z holds eigenvectors as rows: z[i·n + k] = component k of vector i.
  const z = options.vectors ? new Float64Array(n * n) : undefined;
  if (z) for (let i = 0; i < n; i++) z[i * n + i] = 1;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(w[m]) + Math.abs(w[m + 1]);
        if (Math.abs(sub[m]) <= EPS * dd) break;
      }
      if (m === l) break;
      if (iter++ === 30 * Math.max(1, n))
        throw new Error(`tridiagonalEigen: QL did not converge (n = ${n}, index ${l})`);
      let g = (w[l + 1] - w[l]) / (2 * sub[l]);
      let r = hypot(g, 1);
      g = w[m] - w[l] + sub[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let deflated = false;
      for (; i >= l; i--) {
        const f = s * sub[i];
        const b = c * sub[i];
        r = hypot(f, g);
        sub[i + 1] = r;
        if (r === 0) {
          w[i + 1] -= p;
          sub[m] = 0;
          deflated = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = w[i + 1] - p;
        r = (w[i] - g) * s + 2 * c * b;
        p = s * r;
        w[i + 1] = g + p;
        g = c * r - b;
        if (z) {
          const a0 = i * n;
          const a1 = a0 + n;
          for (let k = 0; k < n; k++) {
            const zk1 = z[a1 + k];
            const zk0 = z[a0 + k];
            z[a1 + k] = s * zk0 + c * zk1;
            z[a0 + k] = c * zk0 - s * zk1;
          }
        }
      }
      if (deflated) continue;
      w[l] -= p;
      sub[l] = g;
      sub[m] = 0;
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => w[b] - w[a]);
  const values = Float64Array.from(order, (i) => w[i]);
  if (!z) return { values };
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    vectors.set(z.subarray(src * n, src * n + n), dst * n);
  });
  return { values, vectors };
}
