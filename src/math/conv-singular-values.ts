import { type CircularConvPlan, planCircularConv } from "./conv-circular-plan.js";
import { chooseSigmaStrategy, type SigmaStrategy } from "./conv-frequency-sigma.js";
import type { ConvGeometry } from "./conv-geometry.js";
import { type GramLags, gramLagExtent, gramLagSamples } from "./conv-gram-lags.js";
import type { WeightArray } from "./norm-result.js";
import {
  type FrequencyJob,
  type FrequencyMapper,
  mapFrequencies,
  runJobAsync,
  runJobSync,
} from "./parallel/frequency-job.js";

/** Options of {@link convSingularValues}. */
export interface ConvSingularValuesOptions {
  /** Also return every singular value (one-sided Jacobi per frequency: slower). */
  readonly all?: boolean;
  /** Override the per-frequency strategy for σ_max (default: cheapest by a flop model). */
  readonly strategy?: SigmaStrategy;
}

/** Singular values of a convolution with circular padding (Sedghi, Gupta & Long 2019). */
export interface ConvSingularValues {
  /** Largest singular value (spectral norm) of the circular operator. */
  readonly sigmaMax: number;
  /** Where it is attained: frequency (u, v) on the polyphase grid and group. */
  readonly argmax: { readonly u: number; readonly v: number; readonly group: number };
  /** Every singular value, descending, when `all` was requested. */
  readonly values?: Float64Array;
  /** σ_max(P(ω))² per (unique frequency position, group): `[pos·groups + g]`. */
  readonly perFrequency: Float64Array;
  readonly strategy: SigmaStrategy;
}

/** The frequency job computing lags (when needed) and σ_max² at every unique frequency. */
export function* sigmaMaxJob(
  plan: CircularConvPlan,
  strategy: SigmaStrategy = chooseSigmaStrategy(plan),
): FrequencyJob<{ perFrequency: Float64Array; lags?: GramLags }> {
  let lags: GramLags | undefined;
  if (strategy === "lags") lags = yield* lagsJob(plan);
  const all = Int32Array.from(plan.freqIndex, (_, i) => i);
  const parts = yield* mapFrequencies("sigmaMax", { plan, strategy, lags }, all);
  return { perFrequency: concat(parts), lags };
}

/** The frequency job computing a plan's Gram lags (summing the partial inverse DFTs). */
export function* lagsJob(plan: CircularConvPlan): FrequencyJob<GramLags> {
  const { lagH, lagW } = gramLagExtent(plan);
  const parts = yield* mapFrequencies("lagPartial", plan, gramLagSamples(plan), true);
  const values = parts[0];
  for (let p = 1; p < parts.length; p++) for (let i = 0; i < values.length; i++) values[i] += parts[p][i];
  return { lagH, lagW, values };
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function* convSingularValuesJob(
  weight: WeightArray,
  geometry: ConvGeometry,
  options: ConvSingularValuesOptions,
): FrequencyJob<ConvSingularValues> {
  const plan = planCircularConv(weight, geometry);
  const strategy = options.strategy ?? chooseSigmaStrategy(plan);
  const { perFrequency } = yield* sigmaMaxJob(plan, strategy);
  let best = 0;
  for (let i = 1; i < perFrequency.length; i++) if (perFrequency[i] > perFrequency[best]) best = i;
  const f = plan.freqIndex[Math.floor(best / plan.groups)];
  const argmax = { u: Math.floor(f / plan.gridW), v: f % plan.gridW, group: best % plan.groups };
  const sigmaMax = Math.sqrt(perFrequency[best] ?? 0);
  if (!options.all) return { sigmaMax, argmax, perFrequency, strategy };
  const all = Int32Array.from(plan.freqIndex, (_, i) => i);
  const blocks = concat(yield* mapFrequencies("singularValues", plan, all));
  const { m, groups, multiplicity } = plan;
  const values = new Float64Array(plan.gridH * plan.gridW * multiplicity * groups * m);
  let o = 0;
  for (let pos = 0; pos < all.length; pos++) {
    const copies = plan.freqWeight[pos] * multiplicity;
    const row = blocks.subarray(pos * groups * m, (pos + 1) * groups * m);
    for (let c = 0; c < copies; c++) {
      values.set(row, o);
      o += row.length;
    }
  }
  values.sort().reverse();
  // The Jacobi σ_max is the more accurate of the two when both exist.
  return { sigmaMax: Math.max(values[0], sigmaMax), argmax, values, perFrequency, strategy };
}

/**
 * Exact singular values of a 2-d (or 1-d) convolution with circular padding on the input size
 * of `geometry` (Sedghi, Gupta & Long, ICLR 2019): the union over frequencies ω and groups of
 * the singular values of the blocks `P(ω)`. The largest by default; all with `{ all: true }`.
 *
 * - Conjugate symmetry: a real kernel has P(−ω) = conj(P(ω)), same singular values, so only
 *   the ⌈n²/2⌉ unique frequencies are computed.
 * - Stride s > 1: polyphase decomposition (C_in·s² input channels on an (n/s)² grid, exact,
 *   see `planCircularConv`); n must be divisible by s, else `SpectralInputError`.
 * - Groups: block-diagonal, the union over groups. Dilation: taps at a·d (mod n).
 * - σ_max per frequency: Lanczos with full re-orthogonalisation on the smaller Gram matrix,
 *   built from the kernel's autocorrelation lags (see `chooseSigmaStrategy`), to ~1e-15.
 *
 * Pads are ignored (circular padding); for a zero-padded layer this is a different operator —
 * see `convSpectralZeroPad` for that. Runs in the calling thread; see
 * {@link convSingularValuesAsync} for worker threads.
 */
export function convSingularValues(
  weight: WeightArray,
  geometry: ConvGeometry,
  options: ConvSingularValuesOptions = {},
): ConvSingularValues {
  return runJobSync(convSingularValuesJob(weight, geometry, options));
}

/** {@link convSingularValues} with the frequencies spread over a worker pool. */
export function convSingularValuesAsync(
  weight: WeightArray,
  geometry: ConvGeometry,
  options: ConvSingularValuesOptions & { readonly pool: FrequencyMapper },
): Promise<ConvSingularValues> {
  return runJobAsync(convSingularValuesJob(weight, geometry, options), options.pool);
}
