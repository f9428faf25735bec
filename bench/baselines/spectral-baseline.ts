/**
 * The straightforward way to get a conv's circular-padding spectrum, as a baseline for
 * `spectral.bench.ts`: FFT every (output, input) channel pair of the (polyphase) kernel
 * zero-padded to the grid, then a full complex SVD (one-sided Jacobi, `complexSvd`) of P(ω) at
 * EVERY frequency — no conjugate symmetry, no smaller Gram matrix, no lags, one thread. SVC:
 * SVD with vectors, clip Σ, rebuild P = U Σ' Vᴴ, inverse FFT every pair, keep the k×k support,
 * then σ_max of the result by another SVD of every frequency.
 *
 * Every frequency costs the same here, so the SVDs can be timed on an evenly spaced sample of
 * frequencies and extrapolated (`sample`); FFTs always run in full.
 */

import { complexSvd } from "../../src/math/complex-svd.js";
import type { CircularConvPlan } from "../../src/math/conv-circular-plan.js";
import { fft2 } from "../../src/math/fft2.js";

export interface BaselineTiming {
  /** SVD work per frequency and group (ms). */
  readonly perFrequencyMs: number;
  /** Measured ms (FFTs in full, SVDs on the sample). */
  readonly measuredMs: number;
  /** Estimated ms for all frequencies: FFT ms + mean SVD ms × frequencies. */
  readonly estimatedMs: number;
  readonly sigmaMax: number;
  readonly svdFrequencies: number;
  readonly totalFrequencies: number;
}

/**
 * P(ω) at the frequencies `freqs` (flat u·w + v) of group g: for each channel pair, the taps
 * placed on the grid and FFT'd in full, the wanted frequencies kept (memory: one matrix per
 * wanted frequency, not C_out·C_in·n² numbers at once). Returns the matrices and the FFT time.
 */
function spectrumAt(plan: CircularConvPlan, g: number, freqs: readonly number[]) {
  const { fullH: h, fullW: w, coutG, cinG, phases, tapCount, adjoint } = plan;
  const cols = cinG * phases;
  const plane = h * w;
  const mats = freqs.map(() => ({ ar: new Float64Array(coutG * cols), ai: new Float64Array(coutG * cols) }));
  const re = new Float64Array(plane);
  const im = new Float64Array(plane);
  const block = coutG * cinG;
  let fftMs = 0;
  for (let o = 0; o < coutG; o++)
    for (let col = 0; col < cols; col++) {
      re.fill(0);
      im.fill(0);
      const phase = Math.floor(col / cinG);
      const c = col % cinG;
      for (let t = 0; t < tapCount; t++)
        if (plan.tapPhase[t] === phase)
          re[plan.tapQh[t] * w + plan.tapQw[t]] +=
            plan.blocks[(g * tapCount + t) * block + (adjoint ? c * coutG + o : o * cinG + c)];
      const t0 = performance.now();
      fft2(re, im, h, w);
      fftMs += performance.now() - t0;
      freqs.forEach((f, i) => {
        mats[i].ar[o * cols + col] = re[f];
        mats[i].ai[o * cols + col] = im[f];
      });
    }
  return { mats, fftMs, rows: coutG, cols };
}

function sampleFrequencies(total: number, sample: number): number[] {
  const n = Math.min(total, Math.max(1, sample));
  return Array.from({ length: n }, (_, i) => Math.floor((i * total) / n));
}

/** Batches of at most `max` frequencies whose matrices fit in ~256 MB. */
function batches(plan: CircularConvPlan, freqs: number[]): number[][] {
  const per = plan.coutG * plan.cinG * plan.phases * 16;
  const max = Math.max(1, Math.floor((256 * 2 ** 20) / per));
  const out: number[][] = [];
  for (let i = 0; i < freqs.length; i += max) out.push(freqs.slice(i, i + max));
  return out;
}

/** σ_max the straightforward way (all frequencies, or `sample` of them, extrapolated). */
export function baselineSigmaMax(plan: CircularConvPlan, sample = Number.POSITIVE_INFINITY): BaselineTiming {
  const total = plan.fullH * plan.fullW;
  let fftMs = 0;
  let svdMs = 0;
  let sigmaMax = 0;
  let done = 0;
  for (let g = 0; g < plan.groups; g++)
    batches(plan, sampleFrequencies(total, sample)).forEach((freqs, b) => {
      const { mats, fftMs: ms, rows, cols } = spectrumAt(plan, g, freqs);
      if (b === 0) fftMs += ms; // one full FFT pass is the baseline's FFT cost
      const t = performance.now();
      for (const { ar, ai } of mats)
        sigmaMax = Math.max(sigmaMax, complexSvd(ar, ai, rows, cols).values[0] ?? 0);
      svdMs += performance.now() - t;
      done += mats.length;
    });
  return {
    perFrequencyMs: svdMs / done,
    measuredMs: fftMs + svdMs,
    estimatedMs: fftMs + (svdMs / done) * total * plan.groups,
    sigmaMax,
    svdFrequencies: done,
    totalFrequencies: total * plan.groups,
  };
}

/**
 * SVC the straightforward way: per frequency SVD with vectors, clip, rebuild P' = U min(Σ, c) Vᴴ,
 * and one more values-only SVD per frequency for σ_max after; the inverse FFT of every pair is
 * charged as much as the forward one (same transforms). `knownPerFrequencyMs` (measured on a
 * block of the same shape) skips the SVDs.
 */
export function baselineSvc(
  plan: CircularConvPlan,
  clipTo: number,
  sample = Number.POSITIVE_INFINITY,
  knownPerFrequencyMs?: number,
): BaselineTiming {
  const total = plan.fullH * plan.fullW;
  let fftMs = 0;
  let perFreqMs = 0;
  let sigmaMax = 0;
  let done = 0;
  for (let g = 0; g < plan.groups; g++)
    batches(plan, sampleFrequencies(total, knownPerFrequencyMs === undefined ? sample : 1)).forEach(
      (freqs, b) => {
        const { mats, fftMs: ms, rows, cols } = spectrumAt(plan, g, freqs);
        if (b === 0) fftMs += 2 * ms;
        if (knownPerFrequencyMs !== undefined) return;
        const t = performance.now();
        for (const { ar, ai } of mats) {
          const svd = complexSvd(ar, ai, rows, cols, { vectors: true });
          sigmaMax = Math.max(sigmaMax, svd.values[0] ?? 0);
          const r = svd.values.length;
          for (let i = 0; i < rows; i++)
            for (let j = 0; j < cols; j++) {
              let sr = 0;
              let si = 0;
              for (let k = 0; k < r; k++) {
                const sv = Math.min(svd.values[k], clipTo);
                const ur = svd.uRe![i * r + k] * sv;
                const ui = svd.uIm![i * r + k] * sv;
                sr += ur * svd.vRe![j * r + k] + ui * svd.vIm![j * r + k];
                si += ui * svd.vRe![j * r + k] - ur * svd.vIm![j * r + k];
              }
              ar[i * cols + j] = sr;
              ai[i * cols + j] = si;
            }
          complexSvd(ar, ai, rows, cols);
        }
        perFreqMs += performance.now() - t;
        done += mats.length;
      },
    );
  const per = knownPerFrequencyMs ?? perFreqMs / done;
  return {
    perFrequencyMs: per,
    measuredMs: fftMs + perFreqMs,
    estimatedMs: fftMs + per * total * plan.groups,
    sigmaMax,
    svdFrequencies: done,
    totalFrequencies: total * plan.groups,
  };
}
