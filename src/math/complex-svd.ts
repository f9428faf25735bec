/** Result of {@link complexSvd}: `A = U·diag(values)·Vᴴ` (thin). */
export interface ComplexSvd {
  /** The r = min(rows, cols) singular values, descending. */
  readonly values: Float64Array;
  /** U, rows×r row-major (column k is the k-th left singular vector); present with `vectors`. */
  readonly uRe?: Float64Array;
  readonly uIm?: Float64Array;
  /** V, cols×r row-major (column k is the k-th right singular vector); present with `vectors`. */
  readonly vRe?: Float64Array;
  readonly vIm?: Float64Array;
}

const EPS = 2 ** -52;

/**
 * Thin SVD of a complex rows×cols matrix (row-major split arrays, not modified) by one-sided
 * (Hestenes) Jacobi: the columns of the taller orientation are rotated pairwise by 2×2 unitary
 * rotations until mutually orthogonal (|a_pᴴa_q| ≤ √m·ε·‖a_p‖‖a_q‖, norms recomputed for every
 * pair). Unlike the eigenvalues of AᴴA, this gets every singular value — the tiny ones too —
 * to high *relative* accuracy (Demmel–Veselić), which is why "all singular values" uses it.
 *
 * Cost per sweep ≈ 14·m·r² flops (+ the same again for V), typically 6–10 sweeps.
 */
export function complexSvd(
  re: Float64Array,
  im: Float64Array,
  rows: number,
  cols: number,
  options: { vectors?: boolean } = {},
): ComplexSvd {
  const tall = rows >= cols;
  const m = tall ? rows : cols; // column length in the working orientation
  const r = tall ? cols : rows; // number of columns
  // w row j = column j of B, B = A (tall) or Aᴴ (wide).
  const wr = new Float64Array(r * m);
  const wi = new Float64Array(r * m);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const a = i * cols + j;
      if (tall) {
        wr[j * m + i] = re[a];
        wi[j * m + i] = im[a];
      } else {
        wr[i * m + j] = re[a];
        wi[i * m + j] = -im[a];
      }
    }
  const vectors = options.vectors ?? false;
  // q row j = column j of the accumulated unitary (r×r).
  const qr = vectors ? new Float64Array(r * r) : undefined;
  const qi = vectors ? new Float64Array(r * r) : undefined;
  if (qr) for (let j = 0; j < r; j++) qr[j * r + j] = 1;
  const tol = Math.sqrt(m) * EPS;
  // Columns below ε·‖A‖_F are numerically zero: rotating them against each other only churns
  // rounding noise (and never converges on rank-deficient input).
  let frob = 0;
  for (let k = 0; k < wr.length; k++) frob += wr[k] * wr[k] + wi[k] * wi[k];
  const negligible = EPS * EPS * frob;
  for (let sweep = 0; sweep < 100; sweep++) {
    let rotated = false;
    for (let p = 0; p + 1 < r; p++) {
      const op = p * m;
      for (let q = p + 1; q < r; q++) {
        const oq = q * m;
        let alpha = 0;
        let beta = 0;
        let gr = 0;
        let gi = 0;
        for (let k = 0; k < m; k++) {
          const xr = wr[op + k];
          const xi = wi[op + k];
          const yr = wr[oq + k];
          const yi = wi[oq + k];
          alpha += xr * xr + xi * xi;
          beta += yr * yr + yi * yi;
          gr += xr * yr + xi * yi;
          gi += xr * yi - xi * yr;
        }
        const g = Math.hypot(gr, gi);
        if (g === 0 || g <= tol * Math.sqrt(alpha * beta) || alpha <= negligible || beta <= negligible)
          continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * g);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        // e^{−iφ} = conj(γ)/|γ|; a_p' = c·a_p − s·e^{−iφ}a_q, a_q' = s·a_p + c·e^{−iφ}a_q.
        const er = gr / g;
        const ei = -gi / g;
        rotate(wr, wi, op, oq, m, c, s, er, ei);
        if (qr && qi) rotate(qr, qi, p * r, q * r, r, c, s, er, ei);
      }
    }
    if (!rotated) break;
  }
  const norms = new Float64Array(r);
  for (let j = 0; j < r; j++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += wr[j * m + k] ** 2 + wi[j * m + k] ** 2;
    norms[j] = Math.sqrt(s);
  }
  const order = Array.from({ length: r }, (_, j) => j).sort((a, b) => norms[b] - norms[a]);
  const values = Float64Array.from(order, (j) => norms[j]);
  if (!qr || !qi) return { values };
  // Left vectors of B: column j of B / σ_j (length m); right vectors: columns of Q (length r).
  const leftRe = new Float64Array(m * r);
  const leftIm = new Float64Array(m * r);
  const rightRe = new Float64Array(r * r);
  const rightIm = new Float64Array(r * r);
  order.forEach((j, k) => {
    const inv = norms[j] > 0 ? 1 / norms[j] : 0;
    for (let i = 0; i < m; i++) {
      leftRe[i * r + k] = wr[j * m + i] * inv;
      leftIm[i * r + k] = wi[j * m + i] * inv;
    }
    for (let i = 0; i < r; i++) {
      rightRe[i * r + k] = qr[j * r + i];
      rightIm[i * r + k] = qi[j * r + i];
    }
  });
  // B = A: U = left, V = right. B = Aᴴ = U'ΣV'ᴴ: A = V'ΣU'ᴴ, so U = right, V = left.
  return tall
    ? { values, uRe: leftRe, uIm: leftIm, vRe: rightRe, vIm: rightIm }
    : { values, uRe: rightRe, uIm: rightIm, vRe: leftRe, vIm: leftIm };
}

function rotate(
  xr: Float64Array,
  xi: Float64Array,
  op: number,
  oq: number,
  len: number,
  c: number,
  s: number,
  er: number,
  ei: number,
): void {
  for (let k = 0; k < len; k++) {
    const pr = xr[op + k];
    const pi = xi[op + k];
    const qr = xr[oq + k] * er - xi[oq + k] * ei;
    const qi = xr[oq + k] * ei + xi[oq + k] * er;
    xr[op + k] = c * pr - s * qr;
    xi[op + k] = c * pi - s * qi;
    xr[oq + k] = s * pr + c * qr;
    xi[oq + k] = s * pi + c * qi;
  }
}
