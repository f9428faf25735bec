import type { CircularConvPlan } from "./conv-circular-plan.js";

/**
 * Forms `A(θ)` of group `g` (see {@link CircularConvPlan}) into split m×M row-major arrays:
 * `Σ_t c_t·B_t` with `c_t = e^{−2πi(θh·qh_t + θw·qw_t)}` (conjugated when A = Pᴴ). On the plan's
 * grid, θh = u/gridH and θw = v/gridW; other θ sample the same trigonometric polynomial (used
 * for the autocorrelation lags). Direct tap sum: O(taps·m·M) per frequency — see `fft2` for
 * why this beats an FFT here.
 */
export function formFrequencyBlock(
  plan: CircularConvPlan,
  g: number,
  thetaH: number,
  thetaW: number,
  ar: Float64Array,
  ai: Float64Array,
): void {
  const { m, M, coutG, cinG, adjoint, tapCount } = plan;
  ar.fill(0, 0, m * M);
  ai.fill(0, 0, m * M);
  const block = coutG * cinG;
  const br = adjoint ? cinG : coutG;
  const bc = adjoint ? coutG : cinG;
  for (let t = 0; t < tapCount; t++) {
    const [cr, sn] = unitRoot(thetaH * plan.tapQh[t] + thetaW * plan.tapQw[t]);
    const ci = adjoint ? sn : -sn;
    const rowOff = adjoint ? plan.tapPhase[t] * cinG : 0;
    const colOff = adjoint ? 0 : plan.tapPhase[t] * cinG;
    const base = (g * tapCount + t) * block;
    for (let i = 0; i < br; i++) {
      const dst = (rowOff + i) * M + colOff;
      const src = base + i * bc;
      for (let j = 0; j < bc; j++) {
        const w = plan.blocks[src + j];
        ar[dst + j] += cr * w;
        ai[dst + j] += ci * w;
      }
    }
  }
}

/**
 * `(cos 2πx, sin 2πx)`, exact (±1, 0) at multiples of a quarter turn, so the blocks of
 * self-conjugate frequencies come out exactly real.
 */
export function unitRoot(x: number): [number, number] {
  const f = x - Math.floor(x);
  const q = f * 4;
  if (q === Math.round(q))
    return (
      [
        [1, 0],
        [0, 1],
        [-1, 0],
        [0, -1],
      ] as [number, number][]
    )[q % 4];
  return [Math.cos(2 * Math.PI * f), Math.sin(2 * Math.PI * f)];
}

/** Rows per cache block of {@link gramOfRows}: two blocks of rows stay in L2 while they meet. */
const BLOCK = 16;

/**
 * Hermitian Gram `G = A·Aᴴ` (m×m, both triangles written) of a split m×M row-major A:
 * dot products of rows, upper triangle computed (in blocks of rows, so each row is read from
 * cache, not memory, most of the time) and mirrored; ≈ 4·m²·M flops, or m²·M when A is real
 * (then G is real).
 */
export function gramOfRows(
  m: number,
  M: number,
  ar: Float64Array,
  ai: Float64Array,
  gr: Float64Array,
  gi: Float64Array,
): void {
  let real = true;
  for (let k = 0; k < m * M && real; k++) real = ai[k] === 0;
  if (real) gi.fill(0, 0, m * m);
  for (let bi = 0; bi < m; bi += BLOCK)
    for (let bj = bi; bj < m; bj += BLOCK)
      for (let i = bi; i < Math.min(bi + BLOCK, m); i++)
        for (let j = Math.max(i, bj); j < Math.min(bj + BLOCK, m); j++) {
          if (real) {
            const s = dotReal(ar, i * M, j * M, M);
            gr[i * m + j] = s;
            gr[j * m + i] = s;
          } else dotComplex(ar, ai, i * M, j * M, M, gr, gi, i * m + j, j * m + i);
        }
}

function dotReal(a: Float64Array, oi: number, oj: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += a[oi + k] * a[oj + k];
    s1 += a[oi + k + 1] * a[oj + k + 1];
    s2 += a[oi + k + 2] * a[oj + k + 2];
    s3 += a[oi + k + 3] * a[oj + k + 3];
  }
  for (; k < len; k++) s0 += a[oi + k] * a[oj + k];
  return s0 + s1 + s2 + s3;
}

/** Σ_k a_ik·conj(a_jk) into (gr, gi)[ij] and its conjugate into [ji]. */
function dotComplex(
  ar: Float64Array,
  ai: Float64Array,
  oi: number,
  oj: number,
  len: number,
  gr: Float64Array,
  gi: Float64Array,
  ij: number,
  ji: number,
): void {
  let sr = 0;
  let si = 0;
  let sr2 = 0;
  let si2 = 0;
  let k = 0;
  for (; k + 1 < len; k += 2) {
    const xr = ar[oi + k];
    const xi = ai[oi + k];
    const yr = ar[oj + k];
    const yi = ai[oj + k];
    sr += xr * yr + xi * yi;
    si += xi * yr - xr * yi;
    const xr2 = ar[oi + k + 1];
    const xi2 = ai[oi + k + 1];
    const yr2 = ar[oj + k + 1];
    const yi2 = ai[oj + k + 1];
    sr2 += xr2 * yr2 + xi2 * yi2;
    si2 += xi2 * yr2 - xr2 * yi2;
  }
  if (k < len) {
    const xr = ar[oi + k];
    const xi = ai[oi + k];
    const yr = ar[oj + k];
    const yi = ai[oj + k];
    sr += xr * yr + xi * yi;
    si += xi * yr - xr * yi;
  }
  gr[ij] = sr + sr2;
  gi[ij] = si + si2;
  gr[ji] = sr + sr2;
  gi[ji] = -(si + si2);
}
