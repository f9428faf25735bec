import { type CircularConvPlan, planCircularConv } from "./conv-circular-plan.js";
import { chooseSigmaStrategy, type SigmaStrategy } from "./conv-frequency-sigma.js";
import type { ConvGeometry } from "./conv-geometry.js";
import { gramLagExtent, gramLagSamples } from "./conv-gram-lags.js";
import { lagsJob, sigmaMaxJob } from "./conv-singular-values.js";
import type { WeightArray } from "./norm-result.js";
import {
  type FrequencyJob,
  type FrequencyMapper,
  mapFrequencies,
  runJobAsync,
  runJobSync,
} from "./parallel/frequency-job.js";
import { SpectralInputError } from "./spectral-types.js";

/** Options of {@link clipConvSingularValues}. */
export interface SvcOptions {
  /** Per-frequency σ_max strategy for the before/after passes (default: by flop model). */
  readonly strategy?: SigmaStrategy;
  /** Recompute σ_max of the returned kernel (default true; else `sigmaMaxAfter` is NaN). */
  readonly recompute?: boolean;
}

/** Result of {@link clipConvSingularValues}. */
export interface SvcResult {
  /** The clipped kernel, same shape and layout as the input, float64. */
  readonly kernel: Float64Array;
  readonly clipTo: number;
  /** σ_max of the circular operator before clipping. */
  readonly sigmaMaxBefore: number;
  /**
   * σ_max of the returned k×k kernel, recomputed: ≤ clipTo when the kernel support covers the
   * whole grid; above it by how far keeping only the k×k support moved the spectrum.
   */
  readonly sigmaMaxAfter: number;
  /** Number of (frequency, group) blocks on the full grid whose singular values changed. */
  readonly blocksClipped: number;
  /** Number of (frequency, group) blocks on the full grid. */
  readonly blocksTotal: number;
  /** Number of singular values that were above clipTo. */
  readonly valuesClipped: number;
}

/** Lags pay off when sampling them costs less than forming the Gram matrix at each frequency. */
function wantsLags(plan: CircularConvPlan): boolean {
  const { m, M, groups } = plan;
  const { lagW, count } = gramLagExtent(plan);
  const nf = plan.freqIndex.length;
  const direct = nf * 4 * m * m * M;
  const lags = gramLagSamples(plan).length * 4 * m * m * M + nf * (2 * lagW + 1) * 8 * m * m;
  return lags < direct && groups * count * m * m * 8 <= 256 * 2 ** 20;
}

function* svcJob(
  weight: WeightArray,
  geometry: ConvGeometry,
  clipTo: number,
  options: SvcOptions,
): FrequencyJob<SvcResult> {
  if (!(clipTo > 0) || !Number.isFinite(clipTo))
    throw new SpectralInputError(`clip_to must be a positive finite number, got ${clipTo}`);
  const plan = planCircularConv(weight, geometry);
  const { groups, coutG, cinG, tapCount, kernelTaps, adjoint } = plan;
  const nf = plan.freqIndex.length;
  const c2 = clipTo * clipTo;
  const lags = wantsLags(plan) ? yield* lagsJob(plan) : undefined;
  // Screening: a Lanczos σ_max pass (≈ 400m² per frequency) spares the dense eigen-solve
  // (≈ 5m³) where σ_max ≤ c — worth it for wide layers with many frequencies unless most need
  // clipping, which a sample of 8 frequencies tells.
  let before = 0;
  const peak = (values: Float64Array, at: number) => {
    let v = 0;
    for (let g = 0; g < groups; g++) v = Math.max(v, values[at * groups + g]);
    return v;
  };
  let wanted = Int32Array.from(plan.freqIndex, (_, i) => i);
  if (plan.m >= 96 && nf > 16) {
    const shared = {
      plan,
      strategy: lags ? "lags" : (options.strategy ?? chooseSigmaStrategy(plan)),
      lags,
    } as const;
    const step = Math.ceil(nf / 8);
    const sample = wanted.filter((pos) => pos % step === 0);
    const sampled = concat(yield* mapFrequencies("sigmaMax", shared, sample));
    const above = sample.filter((_, i) => peak(sampled, i) > c2);
    for (let i = 0; i < sample.length; i++) before = Math.max(before, peak(sampled, i));
    const rest = wanted.filter((pos) => pos % step !== 0);
    if (above.length <= 0.6 * sample.length) {
      const screened = concat(yield* mapFrequencies("sigmaMax", shared, rest));
      for (let i = 0; i < rest.length; i++) before = Math.max(before, peak(screened, i));
      wanted = Int32Array.from([...above, ...rest.filter((_, i) => peak(screened, i) > c2)]);
    } else wanted = Int32Array.from([...above, ...rest]);
  }
  const parts = yield* mapFrequencies("clip", { plan, clipTo, lags }, wanted);
  const kernel = Float64Array.from(weight);
  let blocksClipped = 0;
  let valuesClipped = 0;
  if (parts.length > 0) {
    const delta = parts[0].delta;
    for (let p = 1; p < parts.length; p++)
      for (let i = 0; i < delta.length; i++) delta[i] += parts[p].delta[i];
    for (const part of parts) {
      blocksClipped += part.blocksClipped * plan.multiplicity;
      valuesClipped += part.valuesClipped;
      for (const v of part.peaks) before = Math.max(before, v);
    }
    const block = coutG * cinG;
    for (let g = 0; g < groups; g++)
      for (let o = 0; o < coutG; o++)
        for (let c = 0; c < cinG; c++) {
          const dst = ((g * coutG + o) * cinG + c) * kernelTaps;
          const inBlock = adjoint ? c * coutG + o : o * cinG + c;
          for (let k = 0; k < kernelTaps; k++) {
            const t = plan.sourceTap[k];
            kernel[dst + k] += delta[(g * tapCount + t) * block + inBlock] / plan.sourceShare[k];
          }
        }
  }
  let after = Number.NaN;
  if (options.recompute ?? true) {
    const again = yield* sigmaMaxJob(planCircularConv(kernel, geometry), options.strategy);
    after = Math.sqrt(again.perFrequency.reduce((a, b) => Math.max(a, b), 0));
  }
  return {
    kernel,
    clipTo,
    sigmaMaxBefore: Math.sqrt(before),
    sigmaMaxAfter: after,
    blocksClipped,
    blocksTotal: plan.fullH * plan.fullW * groups,
    valuesClipped,
  };
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

/**
 * Singular value clipping (Sedghi, Gupta & Long 2019) of a conv kernel `[C_out, C_in/g, k_h,
 * k_w]` for the circular operator on `geometry`'s input size (strides via polyphase, groups,
 * dilation — see `planCircularConv`): every singular value above `clipTo` is set to `clipTo`
 * in the Fourier blocks, and the result is brought back to the kernel's k×k support (Sedghi's
 * projection; taps that coincide on a grid smaller than the kernel share the change equally,
 * the least-norm choice).
 *
 * Only what clipping needs is computed: half the frequencies (conjugate symmetry); the smaller
 * Gram matrix, from the kernel's autocorrelation lags where that is cheaper; for wide layers a
 * Lanczos σ_max screen so frequencies with σ_max ≤ clipTo skip the eigen-solve (unless a sample
 * shows most need clipping); eigenvectors only above clipTo² (the correction is
 * `−U_> diag(1 − c/σ) U_>ᴴ A`, never a full SVD); the inverse DFT only at the k² taps and only
 * over the changed frequencies. Runs in the
 * calling thread; see {@link clipConvSingularValuesAsync}.
 * @throws SpectralInputError for clipTo ≤ 0 or an input size not divisible by the stride.
 */
export function clipConvSingularValues(
  weight: WeightArray,
  geometry: ConvGeometry,
  clipTo: number,
  options: SvcOptions = {},
): SvcResult {
  return runJobSync(svcJob(weight, geometry, clipTo, options));
}

/** {@link clipConvSingularValues} with the frequencies spread over a worker pool. */
export function clipConvSingularValuesAsync(
  weight: WeightArray,
  geometry: ConvGeometry,
  clipTo: number,
  options: SvcOptions & { readonly pool: FrequencyMapper },
): Promise<SvcResult> {
  return runJobAsync(svcJob(weight, geometry, clipTo, options), options.pool);
}
