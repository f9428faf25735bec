/**
 * Singular values (descending, min(rows, cols) of them) of a dense real row-major matrix by
 * one-sided Jacobi on the columns of the taller orientation — a test oracle independent of the
 * complex code under test, with relative accuracy for small singular values.
 * @internal
 */
export function denseSingularValues(data: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const r = tall ? cols : rows;
  const w = new Float64Array(r * m);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) w[tall ? j * m + i : i * m + j] = data[i * cols + j];
  const tol = m * 2 ** -53;
  for (let sweep = 0; sweep < 80; sweep++) {
    let rotated = false;
    for (let p = 0; p + 1 < r; p++)
      for (let q = p + 1; q < r; q++) {
        let a = 0;
        let b = 0;
        let c = 0;
        for (let k = 0; k < m; k++) {
          const x = w[p * m + k];
          const y = w[q * m + k];
          a += x * x;
          b += y * y;
          c += x * y;
        }
        if (c === 0 || Math.abs(c) <= tol * Math.sqrt(a * b)) continue;
        rotated = true;
        const zeta = (b - a) / (2 * c);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const cs = 1 / Math.sqrt(1 + t * t);
        const sn = cs * t;
        for (let k = 0; k < m; k++) {
          const x = w[p * m + k];
          const y = w[q * m + k];
          w[p * m + k] = cs * x - sn * y;
          w[q * m + k] = sn * x + cs * y;
        }
      }
    if (!rotated) break;
  }
  const out = new Float64Array(r);
  for (let j = 0; j < r; j++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += w[j * m + k] ** 2;
    out[j] = Math.sqrt(s);
  }
  return out.sort().reverse();
}
