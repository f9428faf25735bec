import { DataType, type Tensor } from "../gen/normserve/v1/tensor.js";

/**
 * Wire form of a float32 or float64 array: FLOAT32/FLOAT64 little-endian bytes, a view of the
 * array's memory (no copy; the host is little-endian like every platform Node runs on).
 */
export function encodeWeightTensor(values: Float32Array | Float64Array, shape: readonly number[]): Tensor {
  return {
    dtype: values instanceof Float32Array ? DataType.DATA_TYPE_FLOAT32 : DataType.DATA_TYPE_FLOAT64,
    shape: [...shape],
    data: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}
