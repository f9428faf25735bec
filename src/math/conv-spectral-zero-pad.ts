import { planCircularConv } from "./conv-circular-plan.js";
import { type ConvGeometry, makeConvGeometry } from "./conv-geometry.js";
import { makeConvOperator } from "./conv-operator.js";
import { sigmaMaxJob } from "./conv-singular-values.js";
import { lanczosLargest } from "./lanczos-largest.js";
import type { WeightArray } from "./norm-result.js";
import {
  type FrequencyJob,
  type FrequencyMapper,
  mapFrequencies,
  runJobAsync,
  runJobSync,
} from "./parallel/frequency-job.js";
import { SpectralInputError } from "./spectral-types.js";

/** Options of {@link convPowerIteration}. */
export interface PowerIterationOptions {
  /** `lanczos` (default; never worse than `power` from the same start) or plain `power`. */
  readonly method?: "lanczos" | "power";
  /** Iteration cap (default 100; Lanczos also stops at the dimension, where it is exact). */
  readonly maxIterations?: number;
  /** Stop when the relative eigenvalue error estimate is ≤ this (default 1e-12). */
  readonly tolerance?: number;
  readonly seed?: number;
}

/** Result of {@link convPowerIteration}: a lower estimate of ‖T‖₂. */
export interface PowerIterationResult {
  /** √θ with θ the Rayleigh quotient / top Ritz value of TᵀT: never above the true norm. */
  readonly estimate: number;
  readonly iterations: number;
  /** ‖TᵀT v − θ v‖ / θ for the final unit vector v. */
  readonly residual: number;
  readonly method: "lanczos" | "power";
}

/** Lanczos keeps every basis vector: cap its memory at 256 MiB. */
const LANCZOS_BYTES = 256 * 2 ** 20;

/**
 * Power iteration on the true (zero-padded) conv operator T of `geometry` — any stride, pads,
 * dilation, groups — applying T and Tᵀ directly (see `makeConvOperator`), on TᵀT. The default
 * is its Krylov acceleration (Lanczos with full re-orthogonalisation), which from the same start
 * is never worse and converges far faster on the clustered top of a conv spectrum; its basis is
 * capped at 256 MiB. The estimate is a lower bound of ‖T‖₂ up to rounding.
 */
export function convPowerIteration(
  weight: WeightArray,
  geometry: ConvGeometry,
  options: PowerIterationOptions = {},
): PowerIterationResult {
  const op = makeConvOperator(weight, geometry);
  const n = op.inputSize;
  const tmp = new Float64Array(op.outputSize);
  const gram = (x: Float64Array, y: Float64Array) => {
    op.apply(x, tmp);
    op.applyAdjoint(tmp, y);
  };
  const method = options.method ?? "lanczos";
  const maxIt = Math.max(1, options.maxIterations ?? 100);
  const tol = options.tolerance ?? 1e-12;
  if (method === "lanczos") {
    // Real run: one float64 basis vector of length n per step.
    const cap = Math.max(2, Math.floor(LANCZOS_BYTES / (8 * n)) - 1);
    const res = lanczosLargest(
      {
        n,
        apply(xr, _xi, yr, yi) {
          gram(xr, yr);
          yi.fill(0);
        },
      },
      { real: true, maxIterations: Math.min(maxIt, cap), tolerance: tol, seed: options.seed },
    );
    const theta = Math.max(0, res.value);
    return {
      estimate: Math.sqrt(theta),
      iterations: res.iterations,
      residual: theta > 0 ? res.residual / theta : 0,
      method,
    };
  }
  let seed = (options.seed ?? 12345) >>> 0 || 1;
  const v = Float64Array.from({ length: n }, () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296 - 0.5;
  });
  const w = new Float64Array(n);
  const norm = (a: Float64Array) => Math.sqrt(a.reduce((s, x) => s + x * x, 0));
  let nv = norm(v);
  for (let i = 0; i < n; i++) v[i] /= nv;
  let theta = 0;
  let residual = Number.POSITIVE_INFINITY;
  let it = 0;
  while (it < maxIt) {
    gram(v, w);
    it++;
    theta = v.reduce((s, x, i) => s + x * w[i], 0);
    let r = 0;
    for (let i = 0; i < n; i++) r += (w[i] - theta * v[i]) ** 2;
    residual = theta > 0 ? Math.sqrt(r) / theta : 0;
    nv = norm(w);
    if (nv === 0) break;
    for (let i = 0; i < n; i++) v[i] = w[i] / nv;
    if (residual * residual <= tol) break;
  }
  return { estimate: Math.sqrt(Math.max(0, theta)), iterations: it, residual, method };
}

/** Options of {@link convGramBound}. */
export interface GramBoundOptions {
  /** Gram iterations, Delattre et al.'s count (G₀ = P, G_{k+1} = G_kᴴG_k); default 6. */
  readonly iterations?: number;
}

/** Result of {@link convGramBound}. */
export interface GramBoundResult {
  /** Guaranteed upper bound on ‖T‖₂ of the zero-padded operator (rounding margin included). */
  readonly bound: number;
  readonly iterations: number;
  /** Circular grid (per axis) on which T is a restriction of a circular conv. */
  readonly grid: readonly number[];
  /** Exact σ_max of that circular conv: the limit of the bound as iterations grow. */
  readonly circularSigmaMax: number;
}

/**
 * Size per axis of a circular grid on which the zero-padded conv is a restriction: reads span
 * s·(n_out − 1) + e input positions (e = (k − 1)·d + 1) from −pad_begin, so on a cycle of
 * N ≥ that span nothing wraps onto a real input; n_out outputs need N/s ≥ n_out; N % s = 0.
 */
export function zeroPadCircularGrid(geometry: ConvGeometry): number[] {
  return geometry.kernelSpatial.map((k, a) => {
    const s = geometry.strides[a];
    const e = (k - 1) * geometry.dilations[a] + 1;
    const need = Math.max(s * (geometry.outputSpatial[a] - 1) + e, s * geometry.outputSpatial[a]);
    return Math.ceil(need / s) * s;
  });
}

function* gramBoundJob(
  weight: WeightArray,
  geometry: ConvGeometry,
  options: GramBoundOptions,
): FrequencyJob<GramBoundResult> {
  const iterations = options.iterations ?? 6;
  if (!Number.isSafeInteger(iterations) || iterations < 1)
    throw new SpectralInputError(`Gram iterations must be an integer ≥ 1, got ${iterations}`);
  const grid = zeroPadCircularGrid(geometry);
  const circular = makeConvGeometry({
    inChannels: geometry.inChannels,
    outChannels: geometry.outChannels,
    group: geometry.group,
    inputSpatial: grid,
    kernelSpatial: geometry.kernelSpatial,
    strides: geometry.strides,
    dilations: geometry.dilations,
  });
  const plan = planCircularConv(weight, circular);
  const { perFrequency, lags } = yield* sigmaMaxJob(plan);
  const { groups } = plan;
  const peak = Float64Array.from(plan.freqIndex, (_, pos) => {
    let v = 0;
    for (let g = 0; g < groups; g++) v = Math.max(v, perFrequency[pos * groups + g]);
    return v;
  });
  const floor = Math.sqrt(peak.reduce((a, b) => Math.max(a, b), 0));
  const order = Int32Array.from(plan.freqIndex, (_, i) => i).sort((a, b) => peak[b] - peak[a]);
  const parts = yield* mapFrequencies("gramBound", { plan, iterations, floor, lags }, order);
  let bound = 0;
  for (const part of parts) for (const v of part) bound = Math.max(bound, v);
  // First-order rounding of the Gram products and Frobenius norms (dot products of length M,
  // then m per squaring), before the 2^k-th root shrinks it.
  const margin = 1 + 2 * (plan.M + iterations * plan.m) * 2 ** -53;
  return { bound: Math.max(bound, floor) * margin, iterations, grid, circularSigmaMax: floor };
}

/**
 * Gram-iteration upper bound on the spectral norm of a zero-padded conv (Delattre, Barthélemy,
 * Araujo & Allauzen, ICML 2023, the per-frequency variant of their `compute_delattre2023`).
 *
 * Why it bounds the *zero-padded* operator T: place the input in a circular grid of size N per
 * axis ({@link zeroPadCircularGrid}, e.g. n + k − 1 for "same" padding at stride 1) starting at
 * −pad_begin; then T = R·C_N·E where E embeds the inputs T reads (an isometry: zeros
 * elsewhere; inputs it never reads are zero columns of T), C_N is the circular conv (stride via
 * polyphase) and R keeps the n_out real outputs (a row selection). So ‖T‖ ≤ ‖C_N‖ = max_ω σ_max(P(ω)) (Sedghi et al.), and for every frequency
 * σ_max(P(ω)) ≤ ‖G_k(ω)‖_F^{1/2^k} (Gram iteration). Frequencies are processed in decreasing
 * order of their exact σ_max and stop iterating once their bound cannot raise the maximum,
 * which leaves the result unchanged. The returned bound includes a rounding margin; the exact
 * circular value (the bound's limit) is returned too.
 */
export function convGramBound(
  weight: WeightArray,
  geometry: ConvGeometry,
  options: GramBoundOptions = {},
): GramBoundResult {
  return runJobSync(gramBoundJob(weight, geometry, options));
}

/** {@link convGramBound} with the frequencies spread over a worker pool. */
export function convGramBoundAsync(
  weight: WeightArray,
  geometry: ConvGeometry,
  options: GramBoundOptions & { readonly pool: FrequencyMapper },
): Promise<GramBoundResult> {
  return runJobAsync(gramBoundJob(weight, geometry, options), options.pool);
}
