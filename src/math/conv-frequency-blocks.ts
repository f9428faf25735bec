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
    const angle = -2 * Math.PI * (thetaH * plan.tapQh[t] + thetaW * plan.tapQw[t]);
    const cr = Math.cos(angle);
    const ci = adjoint ? -Math.sin(angle) : Math.sin(angle);
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
 * Hermitian Gram `G = A·Aᴴ` (m×m, both triangles written) of a split m×M row-major A:
 * dot products of rows, upper triangle computed and mirrored; ≈ 4·m²·M flops.
 */
export function gramOfRows(
  m: number,
  M: number,
  ar: Float64Array,
  ai: Float64Array,
  gr: Float64Array,
  gi: Float64Array,
): void {
  for (let i = 0; i < m; i++) {
    const oi = i * M;
    for (let j = i; j < m; j++) {
      const oj = j * M;
      let sr = 0;
      let si = 0;
      let sr2 = 0;
      let si2 = 0;
      let k = 0;
      for (; k + 1 < M; k += 2) {
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
      if (k < M) {
        const xr = ar[oi + k];
        const xi = ai[oi + k];
        const yr = ar[oj + k];
        const yi = ai[oj + k];
        sr += xr * yr + xi * yi;
        si += xi * yr - xr * yi;
      }
      gr[i * m + j] = sr + sr2;
      gi[i * m + j] = si + si2;
      gr[j * m + i] = sr + sr2;
      gi[j * m + i] = -(si + si2);
    }
  }
}
