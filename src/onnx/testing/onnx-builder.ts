/**
 * Test alias of the production ONNX builder (moved to src/onnx/build so the model zoo can use it).
 * @module
 */
export * from "../build/onnx-builder.js";
