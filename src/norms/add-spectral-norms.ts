import { failedPrecondition } from "../errors/normserve-error.js";
import { SpectralInputError } from "../math/spectral-types.js";
import type { LayerNormsResult } from "./compute-norms.js";
import { layerSpectralNorm, type SpectralContext } from "./layer-spectral-norm.js";

/** Lets pending I/O (a client's cancellation) run before the next layer starts. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Adds each layer's spectral norm (see `layerSpectralNorm`) to its L1/L∞ results, layer by
 * layer in order. Between layers it yields to the event loop and stops when `ctx.signal` has
 * aborted (rejecting with its reason); within a layer the abort stops the worker threads.
 * @throws NormserveError FAILED_PRECONDITION naming the node when the spectral code cannot
 * handle a layer's configuration (e.g. a 3-d conv).
 */
export async function addSpectralNorms(
  results: readonly LayerNormsResult[],
  ctx: SpectralContext,
): Promise<LayerNormsResult[]> {
  const out: LayerNormsResult[] = [];
  for (const result of results) {
    await yieldToEventLoop();
    ctx.signal?.throwIfAborted();
    try {
      out.push({ ...result, l2: await layerSpectralNorm(result.layer, ctx) });
    } catch (error) {
      if (error instanceof SpectralInputError)
        throw failedPrecondition(`${result.layer.nodeName}: L2 norm not available: ${error.message}`, error);
      throw error;
    }
  }
  return out;
}
