import { DataType, type Tensor } from "../gen/normserve/v1/tensor.js";

/** A float32 array as a wire Tensor (raw little-endian bytes, copied). */
export function float32WireTensor(values: Float32Array, shape: readonly number[]): Tensor {
  const data = new Uint8Array(values.length * 4);
  const view = new DataView(data.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return { dtype: DataType.DATA_TYPE_FLOAT32, shape: [...shape], data };
}
