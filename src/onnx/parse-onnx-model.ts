import { decodeModelProto } from "./decode-model-proto.js";
import { indexGraph } from "./graph-index.js";
import { graphInputShapes } from "./graph-input-shapes.js";
import { summarizeGraph } from "./graph-summary.js";
import { inferShapes } from "./infer-shapes.js";
import { extractLayers } from "./layers/extract-layers.js";
import { createDefaultOpRegistry } from "./ops/default-shape-rules.js";
import type { ParsedModel, ParseOnnxOptions } from "./parsed-model.js";

/**
 * Parses ONNX model bytes into the linear layers whose operator norms we compute, each with the
 * exact input shape it sees, plus a summary of the graph.
 *
 * Steps: decode (raw_data stays a view of `bytes`; keep `bytes` unmodified while the layers
 * live), validate initializers, sort the graph, infer shapes from the graph input (or
 * `options.inputShape`, batch included) with the op registry, then extract Conv, ConvTranspose,
 * Gemm, MatMul and BatchNormalization layers. Weights are read through Identity/Transpose nodes.
 *
 * @throws {OnnxModelError} INVALID_ARGUMENT for malformed bytes or graphs (the message names the
 *   node, initializer or field), FAILED_PRECONDITION for valid models using unsupported features.
 */
export function parseOnnxModel(bytes: Uint8Array, options: ParseOnnxOptions = {}): ParsedModel {
  const graph = indexGraph(decodeModelProto(bytes));
  const registry = options.registry ?? createDefaultOpRegistry();
  const state = inferShapes(graph, registry, graphInputShapes(graph, options.inputShape));
  return { layers: extractLayers({ graph, state }), graph: summarizeGraph(state) };
}
