import type { ServerUnaryCall, sendUnaryData } from "@grpc/grpc-js";
import { invalidArgument, NormserveError } from "../errors/normserve-error.js";
import type { NormDecayRequest, NormDecayResponse } from "../gen/normserve/v1/norm_decay.js";
import type { DecaySession, DecaySessionStore } from "../norms/decay-session-store.js";
import { modelNormDecay } from "../norms/model-norm-decay.js";
import { parseDecayNorm } from "./decay-norm-type.js";
import { loadDecayRequestModel } from "./decay-request-model.js";
import { decodeGradients } from "./decode-gradients.js";
import { encodeWeightTensor } from "./encode-weight-tensor.js";
import { toServiceError } from "./error-status.js";
import { selectedLayerKinds } from "./layer-kind-selection.js";
import type { Logger } from "./logger.js";
import { wireLayerKind } from "./wire-layer-kind.js";

/**
 * NormDecay: validate, resolve the session, decode model/weights/gradients, run one decay step
 * for the selected layers (src/norms), encode. Sessions: a `session_id` must be live (NOT_FOUND
 * otherwise); none with μ > 0 opens one (returned); none with μ = 0 is stateless. A session this
 * call opened is closed again when the call fails.
 */
export function makeNormDecayHandler(logger: Logger, sessions: DecaySessionStore) {
  return (
    call: ServerUnaryCall<NormDecayRequest, NormDecayResponse>,
    callback: sendUnaryData<NormDecayResponse>,
  ): void => {
    let opened: DecaySession | undefined;
    try {
      const request = call.request;
      const norm = parseDecayNorm(request.norm);
      const { beta, momentum } = request;
      if (!Number.isFinite(beta)) throw invalidArgument(`beta: must be finite, got ${beta}`);
      if (!(momentum >= 0 && momentum <= 1))
        throw invalidArgument(`momentum: must be in [0, 1], got ${momentum}`);
      let session = request.sessionId === "" ? undefined : sessions.get(request.sessionId);
      const kinds = selectedLayerKinds(request);
      const parseStart = performance.now();
      const model = loadDecayRequestModel(request, kinds);
      const gradients = decodeGradients(request.gradients, model, kinds);
      const computeStart = performance.now();
      if (call.cancelled) throw new NormserveError("CANCELLED", "call cancelled by the client");
      if (session === undefined && momentum > 0) {
        opened = sessions.open();
        session = opened;
      }
      const outcomes = modelNormDecay(model.layers, {
        norm,
        beta,
        momentum,
        kinds,
        gradients,
        weightsChecked: true,
        inPlace: true,
        state: session === undefined ? undefined : { session, reserve: (bytes) => sessions.reserve(bytes) },
      });
      const layers = outcomes.map(({ layer, normBefore, decay, includesGradient }) => ({
        nodeName: layer.nodeName,
        weightName: layer.weightName,
        kind: wireLayerKind(layer.kind),
        normBefore: normBefore.value,
        maximiser: { channel: normBefore.channel, position: [...normBefore.position] },
        decay:
          decay === undefined
            ? undefined
            : encodeWeightTensor(decay, model.weightShapes.get(layer.weightName) ?? []),
        includesGradient,
      }));
      const done = performance.now();
      callback(null, {
        layers,
        sessionId: session?.id ?? "",
        timing: { parseMs: computeStart - parseStart, computeMs: done - computeStart },
      });
    } catch (error) {
      if (opened !== undefined) sessions.delete(opened.id);
      callback(toServiceError(error, "NormDecay", logger));
    }
  };
}
