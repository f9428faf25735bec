/**
 * Test-side dense linear algebra, independent of src/math: all singular values of a small dense
 * matrix through the cyclic Jacobi eigenvalue method on its smaller Gram matrix (float64).
 */

/** Eigenvalues of a symmetric n×n matrix (row-major, overwritten), by cyclic Jacobi rotations. */
function jacobiEigenvalues(a: Float64Array, n: number): Float64Array {
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += a[i * n + i] ** 2;
      for (let j = i + 1; j < n; j++) off += a[i * n + j] ** 2;
    }
    if (off <= 1e-32 * diag || off === 0) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
  }
  return Float64Array.from({ length: n }, (_, i) => a[i * n + i]);
}

/** Every singular value of a rows×cols row-major matrix, descending (min(rows, cols) of them). */
export function denseSingularValues(data: ArrayLike<number>, rows: number, cols: number): number[] {
  // Gram of the smaller side: MᵀM (cols ≤ rows) or MMᵀ.
  const n = Math.min(rows, cols);
  const gram = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      let s = 0;
      if (cols <= rows) for (let r = 0; r < rows; r++) s += data[r * cols + i] * data[r * cols + j];
      else for (let c = 0; c < cols; c++) s += data[i * cols + c] * data[j * cols + c];
      gram[i * n + j] = s;
      gram[j * n + i] = s;
    }
  return Array.from(jacobiEigenvalues(gram, n), (v) => Math.sqrt(Math.max(0, v))).sort((a, b) => b - a);
}

/** The largest singular value (spectral norm) of a rows×cols row-major matrix. */
export function denseSpectralNorm(data: ArrayLike<number>, rows: number, cols: number): number {
  return denseSingularValues(data, rows, cols)[0] ?? 0;
}
