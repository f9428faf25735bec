import onnxProto from "onnx-proto";

/**
 * The `onnx` protobuf namespace (messages and their TS types) of the `onnx-proto` package.
 * That package is CommonJS, so Node's ESM loader exposes it only as a default export; import
 * `onnx` from here, never from "onnx-proto" directly.
 * @internal
 */
export import onnx = onnxProto.onnx;
