/**
 * ONNX model bytes → linear layers with exact input shapes, plus a graph summary.
 * @module
 */
export { OnnxModelError, type OnnxModelErrorCode } from "./onnx-model-error.js";
export { parseOnnxModel } from "./parse-onnx-model.js";
export type { GraphNodeSummary, GraphSummary, ParsedModel, ParseOnnxOptions } from "./parsed-model.js";
