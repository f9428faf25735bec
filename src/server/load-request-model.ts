import { invalidArgument, NormserveError } from "../errors/normserve-error.js";
import type { ComputeNormsRequest } from "../gen/normserve/v1/compute_norms.js";
import type { LinearOperatorLayer } from "../norms/linear-layer.js";
import type { NetworkGraph } from "../norms/network-graph.js";
import { parseOnnxModel } from "../onnx/parse-onnx-model.js";
import { decodeLayerSet } from "./decode-layer-set.js";

/** Layers of a request's model, with its graph when it came as ONNX. */
export interface RequestModel {
  readonly layers: readonly LinearOperatorLayer[];
  readonly graph?: NetworkGraph;
}

/**
 * Resolves the `model` oneof shared by ComputeNorms and the other layer RPCs: ONNX bytes are
 * parsed (with `inputShape`, batch included, overriding the graph input), raw layers decoded.
 */
export function loadRequestModel(
  model: ComputeNormsRequest["model"],
  inputShape: readonly number[],
): RequestModel {
  switch (model?.$case) {
    case "onnxModel":
      if (model.value.byteLength === 0) throw invalidArgument("onnx_model: empty");
      return parseOnnxModel(model.value, { inputShape: inputShape.length > 0 ? [...inputShape] : undefined });
    case "layers":
      if (inputShape.length > 0) {
        throw invalidArgument("input_shape: only applies to onnx_model; give each layer its input_shape");
      }
      return { layers: decodeLayerSet(model.value) };
    case "modelId":
      throw new NormserveError(
        "UNIMPLEMENTED",
        "model_id: model upload is not available yet; send onnx_model",
      );
    default:
      throw invalidArgument("model: one of onnx_model, model_id or layers is required");
  }
}
