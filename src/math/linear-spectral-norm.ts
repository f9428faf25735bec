import { lanczosLargest } from "./lanczos-largest.js";
import type { WeightArray } from "./norm-result.js";
import type { SpectralNormResult } from "./spectral-types.js";

/** Options of {@link linearSpectralNorm}. */
export interface LinearSpectralNormOptions {
  /** `weight` holds Mᵀ row-major (shape [cols, rows]) instead of M (shape [rows, cols]). */
  readonly transposed?: boolean;
  /** Gemm's alpha: the operator is scale·M. */
  readonly scale?: number;
}

/** y = D x for a row-major r×c matrix D. */
function mul(d: Float64Array, r: number, c: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < r; i++) {
    const o = i * c;
    let s = 0;
    for (let j = 0; j < c; j++) s += d[o + j] * x[j];
    y[i] = s;
  }
}

/** y = Dᵀ x for a row-major r×c matrix D. */
function mulT(d: Float64Array, r: number, c: number, x: Float64Array, y: Float64Array): void {
  y.fill(0, 0, c);
  for (let i = 0; i < r; i++) {
    const o = i * c;
    const xi = x[i];
    if (xi !== 0) for (let j = 0; j < c; j++) y[j] += d[o + j] * xi;
  }
}

/**
 * Exact largest singular value of a fully connected layer `y = scale·M x` (M is rows×cols):
 * Lanczos with full re-orthogonalisation on the smaller of MᵀM and MMᵀ, applied as two
 * matrix–vector products (the Gram matrix is never formed), run until the eigenvalue error
 * bound is below 1e-15 relative — or to the full dimension, where it is exact. Power iteration
 * would stall at the gap ratio; this does not.
 */
export function linearSpectralNorm(
  weight: WeightArray,
  rows: number,
  cols: number,
  options: LinearSpectralNormOptions = {},
): SpectralNormResult {
  if (weight.length !== rows * cols)
    throw new RangeError(`linearSpectralNorm: weight has ${weight.length} values, expected ${rows}×${cols}`);
  const d = Float64Array.from(weight);
  const t = options.transposed ?? false;
  // D is the stored matrix: M = D (dr×dc = rows×cols) or M = Dᵀ (dr×dc = cols×rows).
  const dr = t ? cols : rows;
  const dc = t ? rows : cols;
  // Gram side: DᵀD (dc) or DDᵀ (dr), whichever is smaller; same nonzero spectrum as MᵀM.
  const n = Math.min(dr, dc);
  const tmp = new Float64Array(Math.max(dr, dc));
  const apply = (x: Float64Array, y: Float64Array) => {
    if (dc <= dr) {
      mul(d, dr, dc, x, tmp);
      mulT(d, dr, dc, tmp, y);
    } else {
      mulT(d, dr, dc, x, tmp);
      mul(d, dr, dc, tmp, y);
    }
  };
  const res = lanczosLargest(
    {
      n,
      apply(xr, _xi, yr, yi) {
        apply(xr, yr);
        yi.fill(0);
      },
    },
    { real: true },
  );
  const scale = Math.abs(options.scale ?? 1);
  const value = Math.sqrt(Math.max(0, res.value));
  return {
    value: scale * value,
    method: "exact",
    iterations: res.iterations,
    residual: res.value > 0 ? res.residual / res.value : 0,
  };
}
