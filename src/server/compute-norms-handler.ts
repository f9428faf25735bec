import type { ServerUnaryCall, sendUnaryData } from "@grpc/grpc-js";
import { invalidArgument, NormserveError } from "../errors/normserve-error.js";
import type { ComputeNormsRequest, ComputeNormsResponse } from "../gen/normserve/v1/compute_norms.js";
import { addSpectralNorms } from "../norms/add-spectral-norms.js";
import { computeLayerNorms, type LayerNormsResult } from "../norms/compute-norms.js";
import { encodeLayerNorms, encodeNetworkNorm } from "../norms/encode-layer-norms.js";
import { chainNetworkNorm, graphNetworkNorm } from "../norms/network-norms.js";
import type { SpectralWorkers } from "../norms/parallel/spectral-workers.js";
import { cancellationSignal } from "./cancellation-signal.js";
import { parseConvL2Method } from "./conv-l2-method.js";
import { toServiceError } from "./error-status.js";
import { loadRequestModel, type RequestModel } from "./load-request-model.js";
import type { Logger } from "./logger.js";
import { parseNormSelection, type RequestedNorms } from "./norm-selection.js";

/** Largest power-iteration cap a request may ask for. */
const MAX_L2_ITERATIONS = 100_000;

function respond(
  model: RequestModel,
  results: readonly LayerNormsResult[],
  selection: RequestedNorms,
  start: { parse: number; compute: number },
): ComputeNormsResponse {
  const norms = (["l1", "linf", "l2"] as const).filter((n) => selection[n]);
  const network = norms.map((norm) =>
    model.graph === undefined
      ? chainNetworkNorm(results, norm)
      : graphNetworkNorm(model.graph, results, norm),
  );
  const done = performance.now();
  return {
    layers: results.map(encodeLayerNorms),
    network: network.map(encodeNetworkNorm),
    timing: { parseMs: start.compute - start.parse, computeMs: done - start.compute },
  };
}

/**
 * ComputeNorms: decode the model, compute every layer's exact L1/L∞ norms (synchronously, as
 * before), and with NORM_TYPE_L2 the spectral norms on `workers` (asynchronously; a client's
 * cancellation aborts the work), then network figures. Validation and error mapping live here;
 * the numerics live in src/norms.
 */
export function makeComputeNormsHandler(logger: Logger, workers: SpectralWorkers) {
  return (
    call: ServerUnaryCall<ComputeNormsRequest, ComputeNormsResponse>,
    callback: sendUnaryData<ComputeNormsResponse>,
  ): void => {
    try {
      const request = call.request;
      const selection = parseNormSelection(request.norms, true);
      const convMethod = parseConvL2Method(request.convL2Method);
      const maxIterations = request.l2MaxIterations;
      if (!(maxIterations >= 0 && maxIterations <= MAX_L2_ITERATIONS))
        throw invalidArgument(
          `l2_max_iterations: must be in [0, ${MAX_L2_ITERATIONS}], got ${maxIterations}`,
        );
      const parse = performance.now();
      const model = loadRequestModel(request.model, request.inputShape);
      const compute = performance.now();
      if (call.cancelled) throw new NormserveError("CANCELLED", "call cancelled by the client");
      const results = computeLayerNorms(model.layers, selection);
      if (!selection.l2) {
        callback(null, respond(model, results, selection, { parse, compute }));
        return;
      }
      const { signal, dispose } = cancellationSignal(call);
      addSpectralNorms(results, {
        convMethod,
        maxIterations: maxIterations === 0 ? undefined : maxIterations,
        pool: workers.pool,
        runner: workers.runner,
        signal,
      })
        .then(
          (withL2) => callback(null, respond(model, withL2, selection, { parse, compute })),
          (error: unknown) => callback(toServiceError(error, "ComputeNorms", logger)),
        )
        .finally(dispose);
    } catch (error) {
      callback(toServiceError(error, "ComputeNorms", logger));
    }
  };
}
