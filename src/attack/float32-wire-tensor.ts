import { DataType, type Tensor } from "../gen/normserve/v1/tensor.js";
import { float32LittleEndianBytes } from "../tensor/float32-little-endian-bytes.js";

/** A float32 array as a wire Tensor (raw little-endian bytes, copied). */
export function float32WireTensor(values: Float32Array, shape: readonly number[]): Tensor {
  return { dtype: DataType.DATA_TYPE_FLOAT32, shape: [...shape], data: float32LittleEndianBytes(values) };
}
