import type { CircularConvPlan } from "./conv-circular-plan.js";
import { formFrequencyBlock, gramOfRows } from "./conv-frequency-blocks.js";
import { GramLagEvaluator, type GramLags } from "./conv-gram-lags.js";

/** What every worker needs to run {@link frequencyGramBound}. */
export interface GramBoundShared {
  readonly plan: CircularConvPlan;
  /** Gram iterations T ≥ 1 in Delattre et al.'s count (G₀ = P, G_{k+1} = G_kᴴG_k). */
  readonly iterations: number;
  /**
   * A value known not to exceed the final bound (e.g. the exact σ_max of the circular
   * operator): a frequency stops iterating once its bound is ≤ it, as it can no longer
   * raise the maximum. 0 disables the pruning.
   */
  readonly floor: number;
  readonly lags?: GramLags;
}

/**
 * Per-frequency Gram-iteration upper bounds on σ_max(P(ω)) (Delattre, Barthélemy, Araujo &
 * Allauzen, ICML 2023): with G₁ = A·Aᴴ (same nonzero spectrum as PᴴP) and G_{k+1} = G_k² (G_k
 * Hermitian), `σ_max ≤ ‖G_k‖_F^{1/2^k}` for every k, and the sequence decreases to σ_max
 * quadratically. Each step is rescaled by the Frobenius norm and the logarithm carried, so
 * nothing overflows. Result `[item·groups + g]`: the bound after `iterations` steps, or the
 * earlier (still valid, larger) bound at which the frequency was pruned because it was below
 * `max(floor, best final bound so far)` — pruned values never change the maximum.
 */
export function frequencyGramBound(shared: GramBoundShared, items: ArrayLike<number>): Float64Array {
  const { plan, iterations } = shared;
  const { m, M, groups } = plan;
  const out = new Float64Array(items.length * groups);
  const ar = new Float64Array(shared.lags ? 0 : m * M);
  const ai = new Float64Array(shared.lags ? 0 : m * M);
  let hr = new Float64Array(m * m);
  let hi = new Float64Array(m * m);
  let tr = new Float64Array(m * m);
  let ti = new Float64Array(m * m);
  let best = shared.floor;
  const lagEvaluator = shared.lags ? new GramLagEvaluator(plan, shared.lags) : undefined;
  for (let s = 0; s < items.length; s++) {
    const f = plan.freqIndex[items[s]];
    const u = Math.floor(f / plan.gridW);
    const v = f % plan.gridW;
    for (let g = 0; g < groups; g++) {
      if (lagEvaluator) lagEvaluator.evaluate(g, u, v, hr, hi);
      else {
        formFrequencyBlock(plan, g, u / plan.gridH, v / plan.gridW, ar, ai);
        gramOfRows(m, M, ar, ai, hr, hi);
      }
      // log‖G_k‖_F, with H = G_k/‖G_k‖_F kept in (hr, hi).
      let logNorm = normalise(hr, hi);
      let bound = Math.exp(logNorm / 2);
      for (let k = 1; k < iterations && bound > best && logNorm > Number.NEGATIVE_INFINITY; k++) {
        gramOfRows(m, m, hr, hi, tr, ti);
        [hr, tr] = [tr, hr];
        [hi, ti] = [ti, hi];
        logNorm = 2 * logNorm + normalise(hr, hi);
        bound = Math.exp(logNorm / 2 ** (k + 1));
      }
      out[s * groups + g] = bound;
      best = Math.max(best, bound);
    }
  }
  return out;
}

/** Scales (re, im) to unit Frobenius norm; returns the log of the old norm (−∞ for zero). */
function normalise(re: Float64Array, im: Float64Array): number {
  let max = 0;
  for (let i = 0; i < re.length; i++) max = Math.max(max, Math.abs(re[i]), Math.abs(im[i]));
  if (max === 0) return Number.NEGATIVE_INFINITY;
  let s = 0;
  for (let i = 0; i < re.length; i++) {
    const a = re[i] / max;
    const b = im[i] / max;
    s += a * a + b * b;
  }
  const norm = max * Math.sqrt(s);
  const inv = 1 / norm;
  for (let i = 0; i < re.length; i++) {
    re[i] *= inv;
    im[i] *= inv;
  }
  return Math.log(norm);
}
