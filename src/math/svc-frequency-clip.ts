import type { CircularConvPlan } from "./conv-circular-plan.js";
import { formFrequencyBlock, gramOfRows, unitRoot } from "./conv-frequency-blocks.js";
import { GramLagEvaluator, type GramLags } from "./conv-gram-lags.js";
import { hermitianEigen } from "./hermitian-eigen.js";

/** What every worker needs to run {@link frequencyClip}. */
export interface ClipShared {
  readonly plan: CircularConvPlan;
  /** Clip singular values to this value (> 0). */
  readonly clipTo: number;
  /** Optional: G(ω) from the lags instead of A·Aᴴ (cheaper when M ≫ lags). */
  readonly lags?: GramLags;
}

/** Partial result of {@link frequencyClip} over some frequencies. */
export interface ClipPartial {
  /** Correction of the plan's blocks (same layout as `plan.blocks`), summed over the items. */
  readonly delta: Float64Array;
  /** Number of (frequency, group) blocks changed, counting conjugate pairs twice. */
  readonly blocksClipped: number;
  /** Number of singular values clipped (conjugate pairs counted twice, times multiplicity). */
  readonly valuesClipped: number;
  /** σ_max² per (item, group), `[item·groups + g]` (exact, from the eigen-decomposition). */
  readonly peaks: Float64Array;
}

/**
 * Clips the singular values of `P(ω)` above `clipTo` at the given frequency positions (indices
 * into `plan.freqIndex`) and returns the resulting change of the kernel blocks, restricted to
 * the kernel's support (the inverse DFT evaluated only at the taps' grid positions, O(taps)
 * per entry and frequency instead of a full inverse FFT).
 *
 * With `A = U Σ Wᴴ` and `G = A·Aᴴ = U Σ² Uᴴ`, clipping changes A by
 * `ΔA = −U_> diag(1 − c/σ_i) U_>ᴴ A` over the σ_i > c only — so only the Gram matrix (the
 * smaller side) and its eigenvectors above c² are computed, never the full SVD. A real kernel
 * has `A(−ω) = conj(A(ω))` and clipping commutes with conjugation, so each conjugate pair is
 * processed once with weight 2 (real part). Blocks whose σ_max ≤ c are unchanged (only their
 * eigenvalues are computed); the caller may pre-screen frequencies with a cheaper σ_max pass.
 */
export function frequencyClip(shared: ClipShared, items: ArrayLike<number>): ClipPartial {
  const { plan, clipTo } = shared;
  const { m, M, groups, coutG, cinG, adjoint, tapCount } = plan;
  const block = coutG * cinG;
  const delta = new Float64Array(plan.blocks.length);
  const ar = new Float64Array(m * M);
  const ai = new Float64Array(m * M);
  const gr = new Float64Array(m * m);
  const gi = new Float64Array(m * m);
  const dr = new Float64Array(m * M);
  const di = new Float64Array(m * M);
  const yr = new Float64Array(M);
  const yi = new Float64Array(M);
  const c2 = clipTo * clipTo;
  const cells = plan.gridH * plan.gridW;
  const lagEvaluator = shared.lags ? new GramLagEvaluator(plan, shared.lags) : undefined;
  let blocksClipped = 0;
  let valuesClipped = 0;
  const peaks = new Float64Array(items.length * groups);
  for (let s = 0; s < items.length; s++) {
    const pos = items[s];
    const f = plan.freqIndex[pos];
    const weight = plan.freqWeight[pos];
    const u = Math.floor(f / plan.gridW);
    const v = f % plan.gridW;
    for (let g = 0; g < groups; g++) {
      formFrequencyBlock(plan, g, u / plan.gridH, v / plan.gridW, ar, ai);
      if (lagEvaluator) lagEvaluator.evaluate(g, u, v, gr, gi);
      else gramOfRows(m, M, ar, ai, gr, gi);
      const eig = hermitianEigen(gr, gi, m, { vectors: { minValue: c2 } });
      peaks[s * groups + g] = Math.max(0, eig.values[0] ?? 0);
      const r = eig.vectorCount;
      if (r === 0) continue;
      blocksClipped += weight;
      valuesClipped += weight * r * plan.multiplicity;
      dr.fill(0);
      di.fill(0);
      for (let k = 0; k < r; k++) {
        const d = 1 - clipTo / Math.sqrt(eig.values[k]);
        const o = k * m;
        // y = u_kᴴ A (length M), then ΔA −= d·u_k·y.
        yr.fill(0);
        yi.fill(0);
        for (let i = 0; i < m; i++) {
          const ur = eig.vectorsRe[o + i];
          const ui = -eig.vectorsIm[o + i];
          const row = i * M;
          for (let j = 0; j < M; j++) {
            const a = ar[row + j];
            const b = ai[row + j];
            yr[j] += ur * a - ui * b;
            yi[j] += ur * b + ui * a;
          }
        }
        for (let i = 0; i < m; i++) {
          const ur = d * eig.vectorsRe[o + i];
          const ui = d * eig.vectorsIm[o + i];
          const row = i * M;
          for (let j = 0; j < M; j++) {
            dr[row + j] -= ur * yr[j] - ui * yi[j];
            di[row + j] -= ur * yi[j] + ui * yr[j];
          }
        }
      }
      // ΔB_t += (w/N)·Re(conj(c_t)·ΔA[block_t]), c_t the tap's coefficient in A.
      const br = adjoint ? cinG : coutG;
      const bc = adjoint ? coutG : cinG;
      for (let t = 0; t < tapCount; t++) {
        const [cos, sin] = unitRoot((u * plan.tapQh[t]) / plan.gridH + (v * plan.tapQw[t]) / plan.gridW);
        const cr = (weight / cells) * cos;
        const ci = (weight / cells) * (adjoint ? sin : -sin);
        const rowOff = adjoint ? plan.tapPhase[t] * cinG : 0;
        const colOff = adjoint ? 0 : plan.tapPhase[t] * cinG;
        const base = (g * tapCount + t) * block;
        for (let i = 0; i < br; i++) {
          const src = (rowOff + i) * M + colOff;
          const dst = base + i * bc;
          for (let j = 0; j < bc; j++) delta[dst + j] += cr * dr[src + j] + ci * di[src + j];
        }
      }
    }
  }
  return { delta, blocksClipped, valuesClipped, peaks };
}
