import type { ConvGeometry } from "./conv-geometry.js";
import { convSingularValues, convSingularValuesAsync } from "./conv-singular-values.js";
import {
  convGramBound,
  convGramBoundAsync,
  convPowerIteration,
  type PowerIterationOptions,
} from "./conv-spectral-zero-pad.js";
import type { WeightArray } from "./norm-result.js";
import type { FrequencyMapper } from "./parallel/frequency-job.js";
import type { SpectralNormResult } from "./spectral-types.js";

/** How {@link convSpectralNorm} gets ‖T‖₂ of a conv layer (see `L2Method`). */
export type ConvL2Method = "gram-iteration-bound" | "power-iteration" | "exact-circular";

/** Options of {@link convSpectralNorm}. */
export interface ConvSpectralNormOptions {
  /**
   * Default `gram-iteration-bound`: guaranteed; it tends to the circular norm on the embedding
   * grid, ~0.2% above the true norm for 3×3 convs on 32×32 inputs, a few % on tiny inputs.
   */
  readonly method?: ConvL2Method;
  /** Gram iterations for `gram-iteration-bound` (default 6). */
  readonly gramIterations?: number;
  /** Options for `power-iteration` (Lanczos on TᵀT by default). */
  readonly power?: PowerIterationOptions;
}

function fromPower(
  weight: WeightArray,
  geometry: ConvGeometry,
  options: ConvSpectralNormOptions,
): SpectralNormResult {
  const r = convPowerIteration(weight, geometry, options.power);
  return { value: r.estimate, method: "power-iteration", iterations: r.iterations, residual: r.residual };
}

/**
 * The spectral norm of a conv layer's linear part, by the chosen method, with the method
 * reported — what a ComputeNorms L2 handler calls per conv layer (for a ConvTranspose, pass its
 * adjoint conv geometry with the same weight array: a matrix and its transpose share σ_max).
 * - `gram-iteration-bound`: upper bound on the true zero-padded operator (`convGramBound`);
 * - `power-iteration`: lower estimate on the true operator (`convPowerIteration`), with
 *   iterations and residual;
 * - `exact-circular`: exact σ_max of the same kernel with circular padding (`convSingularValues`),
 *   not of the zero-padded layer.
 * Cost grows with C_in·C_out·n²: `exact-circular` is the cheapest, the Gram bound squares
 * min(C_out, C_in·s²)-sized blocks a few times per frequency, power iteration applies the conv
 * twice per step.
 */
export function convSpectralNorm(
  weight: WeightArray,
  geometry: ConvGeometry,
  options: ConvSpectralNormOptions = {},
): SpectralNormResult {
  const method = options.method ?? "gram-iteration-bound";
  if (method === "power-iteration") return fromPower(weight, geometry, options);
  if (method === "exact-circular")
    return { value: convSingularValues(weight, geometry).sigmaMax, method: "exact-circular" };
  const r = convGramBound(weight, geometry, { iterations: options.gramIterations });
  return { value: r.bound, method: "gram-iteration-bound", iterations: r.iterations };
}

/** {@link convSpectralNorm} with the per-frequency work on a worker pool (power iteration stays in this thread). */
export async function convSpectralNormAsync(
  weight: WeightArray,
  geometry: ConvGeometry,
  options: ConvSpectralNormOptions & { readonly pool: FrequencyMapper },
): Promise<SpectralNormResult> {
  const method = options.method ?? "gram-iteration-bound";
  if (method === "power-iteration") return fromPower(weight, geometry, options);
  if (method === "exact-circular") {
    const r = await convSingularValuesAsync(weight, geometry, { pool: options.pool });
    return { value: r.sigmaMax, method: "exact-circular" };
  }
  const r = await convGramBoundAsync(weight, geometry, {
    iterations: options.gramIterations,
    pool: options.pool,
  });
  return { value: r.bound, method: "gram-iteration-bound", iterations: r.iterations };
}
