import type { CircularConvPlan } from "./conv-circular-plan.js";
import { formFrequencyBlock, gramOfRows } from "./conv-frequency-blocks.js";
import { GramLagEvaluator, type GramLags, gramLagExtent, gramLagSamples } from "./conv-gram-lags.js";
import { hermitianEigen } from "./hermitian-eigen.js";
import { type HermitianOperator, lanczosLargest } from "./lanczos-largest.js";

/**
 * How the largest eigenvalue of `G(ω) = A·Aᴴ` is found at each frequency:
 * - `dense`: form G, Householder + QL eigenvalues (small m: deterministic, ≈ 5.3m³ flops);
 * - `gram`: form G directly (4m²M), Lanczos on it (8m² per step);
 * - `lags`: G from the autocorrelation lags (4·lags·m²), Lanczos on it — the usual case
 *   (many frequencies, few taps);
 * - `block`: no G; Lanczos with x ↦ A(Aᴴx) (16·m·M per step) — few frequencies, wide channels.
 */
export type SigmaStrategy = "dense" | "gram" | "lags" | "block";

/** What every worker needs to run {@link frequencySigmaMax}. */
export interface SigmaShared {
  readonly plan: CircularConvPlan;
  readonly strategy: SigmaStrategy;
  /** Required for `lags`. */
  readonly lags?: GramLags;
}

/** Picks the cheapest strategy by a flop model (Lanczos steps estimated at min(m, 45)). */
export function chooseSigmaStrategy(plan: CircularConvPlan): SigmaStrategy {
  const { m, M, coutG, cinG, tapCount } = plan;
  const nf = plan.freqIndex.length;
  const steps = Math.min(m, 45);
  const form = 4 * tapCount * coutG * cinG;
  const lanczos = steps * (8 * m * m + 24 * m * steps);
  const lag = gramLagExtent(plan);
  const cost: Record<SigmaStrategy, number> = {
    dense: form + 4 * m * m * M + (16 / 3) * m * m * m,
    gram: form + 4 * m * m * M + lanczos,
    lags: (gramLagSamples(plan).length * (form + 4 * m * m * M)) / nf + 4 * lag.count * m * m + lanczos,
    block: form + steps * (16 * m * M + 24 * m * steps),
  };
  let best: SigmaStrategy = "dense";
  for (const s of ["gram", "lags", "block"] as const) if (cost[s] < cost[best]) best = s;
  return best;
}

function denseOperator(m: number, gr: Float64Array, gi: Float64Array): HermitianOperator {
  return {
    n: m,
    apply(xr, xi, yr, yi) {
      for (let i = 0; i < m; i++) {
        const o = i * m;
        let sr = 0;
        let si = 0;
        for (let j = 0; j < m; j++) {
          const a = gr[o + j];
          const b = gi[o + j];
          sr += a * xr[j] - b * xi[j];
          si += a * xi[j] + b * xr[j];
        }
        yr[i] = sr;
        yi[i] = si;
      }
    },
  };
}

function blockOperator(m: number, M: number, ar: Float64Array, ai: Float64Array): HermitianOperator {
  // Aᴴ kept explicitly (M×m) so both products are dot products over contiguous rows.
  const hr = new Float64Array(M * m);
  const hi = new Float64Array(M * m);
  for (let i = 0; i < m; i++)
    for (let k = 0; k < M; k++) {
      hr[k * m + i] = ar[i * M + k];
      hi[k * m + i] = -ai[i * M + k];
    }
  const tr = new Float64Array(M);
  const ti = new Float64Array(M);
  const rows = (
    r: number,
    c: number,
    xr: Float64Array,
    xi: Float64Array,
    yr: Float64Array,
    yi: Float64Array,
    br: Float64Array,
    bi: Float64Array,
  ) => {
    for (let i = 0; i < r; i++) {
      const o = i * c;
      let sr = 0;
      let si = 0;
      for (let k = 0; k < c; k++) {
        const a = br[o + k];
        const b = bi[o + k];
        sr += a * xr[k] - b * xi[k];
        si += a * xi[k] + b * xr[k];
      }
      yr[i] = sr;
      yi[i] = si;
    }
  };
  return {
    n: m,
    apply(xr, xi, yr, yi) {
      rows(M, m, xr, xi, tr, ti, hr, hi);
      rows(m, M, tr, ti, yr, yi, ar, ai);
    },
  };
}

/**
 * Largest eigenvalue of `G(ω)` (= σ_max(P(ω))²) for each frequency position in `items`
 * (indices into `plan.freqIndex`) and group: result `[item·groups + g]`. Lanczos runs to a
 * 1e-15 relative error bound from a start vector seeded by (frequency, group), so results are
 * reproducible whichever thread computes them.
 */
export function frequencySigmaMax(shared: SigmaShared, items: ArrayLike<number>): Float64Array {
  const { plan, strategy } = shared;
  const { m, M, groups } = plan;
  const out = new Float64Array(items.length * groups);
  const ar = new Float64Array(strategy === "lags" ? 0 : m * M);
  const ai = new Float64Array(strategy === "lags" ? 0 : m * M);
  const gr = new Float64Array(strategy === "block" ? 0 : m * m);
  const gi = new Float64Array(strategy === "block" ? 0 : m * m);
  if (strategy === "lags" && !shared.lags) throw new Error("frequencySigmaMax: strategy 'lags' needs lags");
  const lagEvaluator = shared.lags ? new GramLagEvaluator(plan, shared.lags) : undefined;
  for (let s = 0; s < items.length; s++) {
    const f = plan.freqIndex[items[s]];
    const u = Math.floor(f / plan.gridW);
    const v = f % plan.gridW;
    for (let g = 0; g < groups; g++) {
      if (strategy === "lags" && lagEvaluator) lagEvaluator.evaluate(g, u, v, gr, gi);
      else {
        formFrequencyBlock(plan, g, u / plan.gridH, v / plan.gridW, ar, ai);
        if (strategy !== "block") gramOfRows(m, M, ar, ai, gr, gi);
      }
      let value: number;
      if (strategy === "dense") value = hermitianEigen(gr, gi, m).values[0];
      else {
        const op = strategy === "block" ? blockOperator(m, M, ar, ai) : denseOperator(m, gr, gi);
        value = lanczosLargest(op, { seed: (f * 7919 + g * 104729 + 1) >>> 0 }).value;
      }
      out[s * groups + g] = Math.max(0, value);
    }
  }
  return out;
}
