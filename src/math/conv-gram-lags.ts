import type { CircularConvPlan } from "./conv-circular-plan.js";
import { formFrequencyBlock, gramOfRows, unitRoot } from "./conv-frequency-blocks.js";

/**
 * Autocorrelation lags of a plan: `G(θ) = A(θ)·A(θ)ᴴ = Σ_d e^{∓2πi(θh·dh + θw·dw)}·L_d` with the
 * real m×m matrices `L_d = Σ_{q_t − q_t' = d} B_t·B_t'ᵀ` (sign − for A = P, + for A = Pᴴ), for
 * |dh| ≤ lagH, |dw| ≤ lagW. With them, the Gram matrix at any of the n² frequencies costs
 * O(lags·m²) instead of O(m²·M): for 3×3 256→512 that is 25·m² instead of 512·m² flops.
 * The lags are recovered exactly from G sampled on a (2·lagH+1)×(2·lagW+1) grid (a trigonometric
 * polynomial of that degree), by an inverse DFT.
 */
export interface GramLags {
  readonly lagH: number;
  readonly lagW: number;
  /** groups × (2lagH+1)(2lagW+1) × m², lag index `(dh + lagH)·(2lagW+1) + (dw + lagW)`. */
  readonly values: Float64Array;
}

/** Extent of the lags of `plan`: the largest tap offsets per axis. */
export function gramLagExtent(plan: CircularConvPlan): { lagH: number; lagW: number; count: number } {
  let lagH = 0;
  let lagW = 0;
  for (let t = 0; t < plan.tapCount; t++) {
    lagH = Math.max(lagH, plan.tapQh[t]);
    lagW = Math.max(lagW, plan.tapQw[t]);
  }
  return { lagH, lagW, count: (2 * lagH + 1) * (2 * lagW + 1) };
}

/** The unique (conjugate-halved) sample frequencies of the lag grid, as flat indices. */
export function gramLagSamples(plan: CircularConvPlan): Int32Array {
  const { lagH, lagW } = gramLagExtent(plan);
  const h = 2 * lagH + 1;
  const w = 2 * lagW + 1;
  const out: number[] = [];
  for (let f = 0; f < h * w; f++) {
    const u = Math.floor(f / w);
    const v = f % w;
    if (f <= ((h - u) % h) * w + ((w - v) % w)) out.push(f);
  }
  return Int32Array.from(out);
}

/**
 * Partial sum of the lags over some of the sample frequencies (indices from
 * {@link gramLagSamples}); the lags are the sum of the partials over all of them.
 */
export function gramLagPartial(plan: CircularConvPlan, samples: ArrayLike<number>): Float64Array {
  const { lagH, lagW, count } = gramLagExtent(plan);
  const h = 2 * lagH + 1;
  const w = 2 * lagW + 1;
  const { m, M, groups } = plan;
  const mm = m * m;
  const out = new Float64Array(groups * count * mm);
  const ar = new Float64Array(m * M);
  const ai = new Float64Array(m * M);
  const gr = new Float64Array(mm);
  const gi = new Float64Array(mm);
  const sign = plan.adjoint ? -1 : 1;
  for (let s = 0; s < samples.length; s++) {
    const f = samples[s];
    const u = Math.floor(f / w);
    const v = f % w;
    const weight = (f === ((h - u) % h) * w + ((w - v) % w) ? 1 : 2) / (h * w);
    for (let g = 0; g < groups; g++) {
      formFrequencyBlock(plan, g, u / h, v / w, ar, ai);
      gramOfRows(m, M, ar, ai, gr, gi);
      for (let dh = -lagH; dh <= lagH; dh++)
        for (let dw = -lagW; dw <= lagW; dw++) {
          // L_d = (1/hw) Σ Re(G·e^{±2πi(u·dh/h + v·dw/w)}).
          const [cos, sin] = unitRoot(sign * ((u * dh) / h + (v * dw) / w));
          const c = weight * cos;
          const sn = weight * sin;
          const base = (g * count + (dh + lagH) * w + (dw + lagW)) * mm;
          for (let k = 0; k < mm; k++) out[base + k] += c * gr[k] - sn * gi[k];
        }
    }
  }
  return out;
}

/**
 * Evaluates `G(ω)` on the plan's grid from the lags, separably: for a row u of the grid it
 * forms `H_dw = Σ_dh e^{∓2πi·u·dh/gridH}·L_(dh,dw)` once (kept while consecutive calls share
 * (group, u), as chunks of frequency positions do), then each `G(u, v) = Σ_dw e^{∓2πi·v·dw/gridW}·H_dw`
 * costs 8·(2·lagW+1)·m² flops instead of 4·lags·m².
 */
export class GramLagEvaluator {
  private readonly hr: Float64Array;
  private readonly hi: Float64Array;
  /** Row u whose H is cached, per group. */
  private readonly cachedU: Int32Array;

  constructor(
    private readonly plan: CircularConvPlan,
    private readonly lags: GramLags,
  ) {
    const size = plan.groups * (2 * lags.lagW + 1) * plan.m * plan.m;
    this.hr = new Float64Array(size);
    this.hi = new Float64Array(size);
    this.cachedU = new Int32Array(plan.groups).fill(-1);
  }

  /** Writes G(u, v) of group g into split m×m arrays. */
  evaluate(g: number, u: number, v: number, gr: Float64Array, gi: Float64Array): void {
    const { plan, lags, hr, hi } = this;
    const { lagH, lagW } = lags;
    const w = 2 * lagW + 1;
    const count = (2 * lagH + 1) * w;
    const mm = plan.m * plan.m;
    const sign = plan.adjoint ? 1 : -1;
    const L = lags.values;
    const base = g * w * mm;
    if (u !== this.cachedU[g]) {
      hr.fill(0, base, base + w * mm);
      hi.fill(0, base, base + w * mm);
      for (let dh = -lagH; dh <= lagH; dh++) {
        const [c, s] = unitRoot((sign * u * dh) / plan.gridH);
        for (let dw = -lagW; dw <= lagW; dw++) {
          const src = (g * count + (dh + lagH) * w + (dw + lagW)) * mm;
          const dst = base + (dw + lagW) * mm;
          for (let k = 0; k < mm; k++) {
            const x = L[src + k];
            hr[dst + k] += c * x;
            hi[dst + k] += s * x;
          }
        }
      }
      this.cachedU[g] = u;
    }
    gr.fill(0, 0, mm);
    gi.fill(0, 0, mm);
    for (let dw = -lagW; dw <= lagW; dw++) {
      const [c, s] = unitRoot((sign * v * dw) / plan.gridW);
      const src = base + (dw + lagW) * mm;
      for (let k = 0; k < mm; k++) {
        const a = hr[src + k];
        const b = hi[src + k];
        gr[k] += c * a - s * b;
        gi[k] += c * b + s * a;
      }
    }
  }
}
