import type { ServerUnaryCall, sendUnaryData } from "@grpc/grpc-js";
import { invalidArgument, NormserveError } from "../errors/normserve-error.js";
import type {
  ClipSingularValuesRequest,
  ClipSingularValuesResponse,
} from "../gen/normserve/v1/clip_singular_values.js";
import { modelClipSingularValues } from "../norms/model-clip-singular-values.js";
import type { SpectralWorkers } from "../norms/parallel/spectral-workers.js";
import { cancellationSignal } from "./cancellation-signal.js";
import { loadDecayRequestModel } from "./decay-request-model.js";
import { encodeWeightTensor } from "./encode-weight-tensor.js";
import { toServiceError } from "./error-status.js";
import type { Logger } from "./logger.js";
import { wireLayerKind } from "./wire-layer-kind.js";

const CONV_KINDS = new Set(["conv", "convTranspose"] as const);

/**
 * ClipSingularValues: validate, decode the model (ONNX or raw layers), clip the selected conv
 * layers on `workers` (src/norms; a client's cancellation aborts the work), encode each clipped
 * kernel in the shape and dtype it came in.
 */
export function makeClipSingularValuesHandler(logger: Logger, workers: SpectralWorkers) {
  return (
    call: ServerUnaryCall<ClipSingularValuesRequest, ClipSingularValuesResponse>,
    callback: sendUnaryData<ClipSingularValuesResponse>,
  ): void => {
    try {
      const request = call.request;
      const { clipTo, nodeNames } = request;
      if (!(clipTo > 0 && Number.isFinite(clipTo)))
        throw invalidArgument(`clip_to: must be a finite number > 0, got ${clipTo}`);
      const parse = performance.now();
      const model = loadDecayRequestModel(
        { model: request.model, inputShape: request.inputShape, weights: {} },
        CONV_KINDS,
      );
      const compute = performance.now();
      if (call.cancelled) throw new NormserveError("CANCELLED", "call cancelled by the client");
      const { signal, dispose } = cancellationSignal(call);
      modelClipSingularValues(model.layers, { clipTo, nodeNames, pool: workers.pool, signal })
        .then(
          (results) => {
            const layers = results.map((r) => ({
              nodeName: r.layer.nodeName,
              weightName: r.layer.weightName,
              kind: wireLayerKind(r.layer.kind),
              weight: encodeWeightTensor(
                r.kernel,
                model.weightShapes.get(r.layer.weightName) ?? r.layer.weightShape,
              ),
              sigmaMaxBefore: r.sigmaMaxBefore,
              sigmaMaxAfter: r.sigmaMaxAfter,
              projectionShift: r.projectionShift,
              changed: r.changed,
              valuesClipped: r.valuesClipped,
              blocksClipped: r.blocksClipped,
              blocksTotal: r.blocksTotal,
              grid: [...r.grid],
            }));
            const done = performance.now();
            callback(null, { layers, timing: { parseMs: compute - parse, computeMs: done - compute } });
          },
          (error: unknown) => callback(toServiceError(error, "ClipSingularValues", logger)),
        )
        .finally(dispose);
    } catch (error) {
      callback(toServiceError(error, "ClipSingularValues", logger));
    }
  };
}
