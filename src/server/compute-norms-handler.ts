import type { ServerUnaryCall, sendUnaryData } from "@grpc/grpc-js";
import { NormserveError } from "../errors/normserve-error.js";
import type { ComputeNormsRequest, ComputeNormsResponse } from "../gen/normserve/v1/compute_norms.js";
import { computeLayerNorms } from "../norms/compute-norms.js";
import { chainNetworkNorm, graphNetworkNorm } from "../norms/network-norms.js";
import { encodeLayerNorms, encodeNetworkNorm } from "./encode-layer-norms.js";
import { toServiceError } from "./error-status.js";
import { loadRequestModel } from "./load-request-model.js";
import type { Logger } from "./logger.js";
import { parseNormSelection } from "./norm-selection.js";

/**
 * ComputeNorms: decode the model, compute every layer's exact norms, add network figures.
 * Validation and error mapping live here; the numerics live in src/norms.
 */
export function makeComputeNormsHandler(logger: Logger) {
  return (
    call: ServerUnaryCall<ComputeNormsRequest, ComputeNormsResponse>,
    callback: sendUnaryData<ComputeNormsResponse>,
  ): void => {
    try {
      const request = call.request;
      const selection = parseNormSelection(request.norms, false);
      const parseStart = performance.now();
      const model = loadRequestModel(request.model, request.inputShape);
      const computeStart = performance.now();
      if (call.cancelled) throw new NormserveError("CANCELLED", "call cancelled by the client");
      const results = computeLayerNorms(model.layers, selection);
      const norms = (["l1", "linf"] as const).filter((n) => selection[n]);
      const network = norms.map((norm) =>
        model.graph === undefined
          ? chainNetworkNorm(results, norm)
          : graphNetworkNorm(model.graph, results, norm),
      );
      const done = performance.now();
      callback(null, {
        layers: results.map(encodeLayerNorms),
        network: network.map(encodeNetworkNorm),
        timing: { parseMs: computeStart - parseStart, computeMs: done - computeStart },
      });
    } catch (error) {
      callback(toServiceError(error, "ComputeNorms", logger));
    }
  };
}
