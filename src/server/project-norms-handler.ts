import type { ServerUnaryCall, sendUnaryData } from "@grpc/grpc-js";
import { invalidArgument, NormserveError } from "../errors/normserve-error.js";
import {
  ProjectionMode,
  type ProjectNormsRequest,
  type ProjectNormsResponse,
} from "../gen/normserve/v1/norm_decay.js";
import type { ProjectionMode as MathProjectionMode } from "../math/norm-projection.js";
import { modelProjectNorms } from "../norms/model-projection.js";
import { parseDecayNorm } from "./decay-norm-type.js";
import { loadDecayRequestModel } from "./decay-request-model.js";
import { encodeWeightTensor } from "./encode-weight-tensor.js";
import { toServiceError } from "./error-status.js";
import { selectedLayerKinds } from "./layer-kind-selection.js";
import type { Logger } from "./logger.js";
import { wireLayerKind } from "./wire-layer-kind.js";

function parseMode(mode: ProjectionMode): MathProjectionMode {
  if (mode === ProjectionMode.PROJECTION_MODE_ALL) return "all";
  if (
    mode === ProjectionMode.PROJECTION_MODE_MAXIMISER ||
    mode === ProjectionMode.PROJECTION_MODE_UNSPECIFIED
  )
    return "maximiser";
  throw invalidArgument(`mode: unknown projection mode ${mode}`);
}

/**
 * ProjectNorms: validate, decode model/weights, project the selected layers (src/norms), encode.
 * A layer's weight is sent back only when it changed.
 */
export function makeProjectNormsHandler(logger: Logger) {
  return (
    call: ServerUnaryCall<ProjectNormsRequest, ProjectNormsResponse>,
    callback: sendUnaryData<ProjectNormsResponse>,
  ): void => {
    try {
      const request = call.request;
      const norm = parseDecayNorm(request.norm);
      const mode = parseMode(request.mode);
      const { radius, maxIterations, tolerance } = request;
      if (!(radius >= 0 && Number.isFinite(radius)))
        throw invalidArgument(`radius: must be a finite number ≥ 0, got ${radius}`);
      if (maxIterations !== undefined && !(maxIterations >= 0))
        throw invalidArgument(`max_iterations: must be ≥ 0, got ${maxIterations}`);
      if (tolerance !== undefined && !(tolerance >= 0 && Number.isFinite(tolerance)))
        throw invalidArgument(`tolerance: must be a finite number ≥ 0, got ${tolerance}`);
      const kinds = selectedLayerKinds(request);
      const parseStart = performance.now();
      const model = loadDecayRequestModel(request, kinds);
      const computeStart = performance.now();
      if (call.cancelled) throw new NormserveError("CANCELLED", "call cancelled by the client");
      const outcomes = modelProjectNorms(model.layers, {
        norm,
        radius,
        mode,
        kinds,
        maxIterations,
        tolerance,
      });
      const layers = outcomes.map((result) => ({
        nodeName: result.layer.nodeName,
        weightName: result.layer.weightName,
        kind: wireLayerKind(result.layer.kind),
        weight: result.changed
          ? encodeWeightTensor(result.weight, model.weightShapes.get(result.layer.weightName) ?? [])
          : undefined,
        changed: result.changed,
        normBefore: result.normBefore.value,
        normAfter: result.normAfter.value,
        maximiser: { channel: result.normBefore.channel, position: [...result.normBefore.position] },
        exact: result.exact,
        converged: result.converged,
        iterations: result.iterations,
      }));
      const done = performance.now();
      callback(null, {
        layers,
        timing: { parseMs: computeStart - parseStart, computeMs: done - computeStart },
      });
    } catch (error) {
      callback(toServiceError(error, "ProjectNorms", logger));
    }
  };
}
