import { int64ToNumber } from "./int64.js";
import { malformedModel } from "./onnx-model-error.js";
import { onnx } from "./onnx-proto.js";

/** A decoded model with its main graph and default-domain opset. @internal */
export interface DecodedModel {
  readonly model: onnx.ModelProto;
  readonly graph: onnx.IGraphProto;
  /** Version of the default ONNX domain ("" or "ai.onnx") the model imports. */
  readonly opset: number;
}

/**
 * Decodes ModelProto bytes. protobufjs reads `bytes` fields as subarrays of the input, so
 * raw_data stays a view into `bytes` (nothing is copied). Truncated or non-ONNX bytes, a missing
 * or empty graph and a missing default opset are INVALID_ARGUMENT.
 * @internal
 */
export function decodeModelProto(bytes: Uint8Array): DecodedModel {
  if (bytes.byteLength === 0) throw malformedModel("onnx_model: empty");
  let model: onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw malformedModel(`onnx_model: not a valid ONNX ModelProto (truncated or corrupt: ${why})`, error);
  }
  const graph = model.graph;
  if (!graph) throw malformedModel("onnx_model: the model has no graph (not an ONNX model?)");
  if ((graph.node?.length ?? 0) === 0) throw malformedModel("onnx_model: the graph has no nodes");
  const imports = (model.opsetImport ?? []).filter((o) => !o.domain || o.domain === "ai.onnx");
  if (imports.length === 0) throw malformedModel("onnx_model: no opset_import for the default ONNX domain");
  const opset = int64ToNumber(imports[0].version ?? 0, "onnx_model: opset_import.version");
  if (opset < 1) throw malformedModel(`onnx_model: opset_import.version ${opset} is not a valid opset`);
  return { model, graph, opset };
}
