import { batchNormOperatorNorm } from "../math/batch-norm-opnorms.js";
import type { ConvGeometry } from "../math/conv-geometry.js";
import { type ConvL2Method, convSpectralNorm, convSpectralNormAsync } from "../math/conv-spectral-norm.js";
import type { WeightArray } from "../math/norm-result.js";
import type { FrequencyMapper } from "../math/parallel/frequency-job.js";
import { type L2Method, SpectralInputError, type SpectralNormResult } from "../math/spectral-types.js";
import type { LinearOperatorLayer } from "./linear-layer.js";
import { abortableMapper } from "./parallel/abortable-mapper.js";
import type { SpectralTaskRunner } from "./parallel/spectral-task-runner.js";

/** A layer's spectral norm: the value and how it was obtained, with a guaranteed upper bound when one was computed. */
export interface LayerSpectralNorm extends SpectralNormResult {
  /** A guaranteed upper bound on ‖T‖₂ (the Gram-iteration bound for convs). */
  readonly upperBound?: number;
  readonly upperBoundMethod?: L2Method;
}

/**
 * How conv layers get l2: `estimate-and-bound` (the default) reports the power-iteration
 * estimate with the Gram-iteration bound beside it; the others compute one method only.
 */
export type ConvL2Choice = "estimate-and-bound" | ConvL2Method;

/** What {@link layerSpectralNorm} runs on. */
export interface SpectralContext {
  readonly convMethod: ConvL2Choice;
  /** Power-iteration cap (default 100). */
  readonly maxIterations?: number;
  /** Worker pool for the per-frequency work (Gram bound, circular norm). */
  readonly pool: FrequencyMapper;
  /** Runs power iterations and linear norms off the event loop. */
  readonly runner: SpectralTaskRunner;
  /** Aborting stops the work (its reason is what the promise rejects with). */
  readonly signal?: AbortSignal;
}

/** Per-frequency work below this (C_out·C_in/g·input pixels) runs inline: pool messages would cost more. */
const POOL_ABOVE = 5e5;

/**
 * Lanczos keeps its whole basis, capped at 256 MiB in `convPowerIteration`: on inputs over ~2 M
 * elements that leaves fewer than 8 steps, too few to trust, so plain power iteration (O(n) memory,
 * no cap, slower per digit) runs instead. Above that Lanczos wins even capped (40×160×160: 15
 * Lanczos steps land within 0.2 % of 100 power steps in an eighth of the time).
 */
function powerMethod(g: ConvGeometry): "lanczos" | "power" {
  const n = g.inChannels * g.inputSpatial.reduce((a, b) => a * b, 1);
  return Math.floor(2 ** 28 / (16 * n)) - 1 < 8 ? "power" : "lanczos";
}

function frequencyWork(g: ConvGeometry): number {
  return (g.outChannels * g.inChannels * g.inputSpatial.reduce((a, b) => a * b, 1)) / g.group;
}

async function fourierNorm(
  weight: WeightArray,
  geometry: ConvGeometry,
  method: "gram-iteration-bound" | "exact-circular",
  ctx: SpectralContext,
): Promise<SpectralNormResult> {
  if (frequencyWork(geometry) < POOL_ABOVE) return convSpectralNorm(weight, geometry, { method });
  return convSpectralNormAsync(weight, geometry, { method, pool: abortableMapper(ctx.pool, ctx.signal) });
}

async function convNorm(
  weight: WeightArray,
  geometry: ConvGeometry,
  ctx: SpectralContext,
): Promise<LayerSpectralNorm> {
  const power = () =>
    ctx.runner.run(
      {
        kind: "convPower",
        weight,
        geometry,
        power: { maxIterations: ctx.maxIterations, method: powerMethod(geometry) },
      },
      ctx.signal,
    );
  switch (ctx.convMethod) {
    case "power-iteration":
      return power();
    case "exact-circular":
      return fourierNorm(weight, geometry, "exact-circular", ctx);
    case "gram-iteration-bound": {
      const bound = await fourierNorm(weight, geometry, "gram-iteration-bound", ctx);
      return { ...bound, upperBound: bound.value, upperBoundMethod: bound.method };
    }
    case "estimate-and-bound": {
      // Both at once: the estimate on its own thread, the bound over the frequency pool. The
      // bound needs a 1-d or 2-d conv; where it does not apply the estimate stands alone.
      const [estimate, bound] = await Promise.all([
        power(),
        fourierNorm(weight, geometry, "gram-iteration-bound", ctx).catch((error: unknown) => {
          if (error instanceof SpectralInputError) return undefined;
          throw error;
        }),
      ]);
      return bound === undefined
        ? estimate
        : { ...estimate, upperBound: bound.value, upperBoundMethod: bound.method };
    }
  }
}

/**
 * The spectral norm ‖T‖₂ of one layer's linear part, with how it was obtained: linear layers
 * exactly (Lanczos to 1e-15, Gemm's alpha included), batch norm exactly (max |γ|/√(σ²+ε)),
 * convs by `ctx.convMethod` on the true zero-padded operator (a ConvTranspose as its adjoint
 * conv: a matrix and its transpose share σ_max). Large single-threaded work goes to
 * `ctx.runner`, per-frequency work to `ctx.pool`.
 * @throws SpectralInputError for a configuration the spectral code cannot handle (3-d convs;
 * `exact-circular` with an input size not divisible by the stride).
 */
export async function layerSpectralNorm(
  layer: LinearOperatorLayer,
  ctx: SpectralContext,
): Promise<LayerSpectralNorm> {
  switch (layer.kind) {
    case "conv":
      return convNorm(layer.weight, layer.geometry, ctx);
    case "convTranspose":
      return convNorm(layer.weight, layer.adjoint, ctx);
    case "linear": {
      const { weight, rows, cols, transposed, scale } = layer;
      return ctx.runner.run({ kind: "linear", weight, rows, cols, transposed, scale }, ctx.signal);
    }
    case "batchNorm":
      return {
        value: batchNormOperatorNorm(layer.scale, layer.variance, layer.epsilon).value,
        method: "exact",
      };
  }
}
