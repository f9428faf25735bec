import { DataType, type Tensor } from "./gen/normserve/v1/tensor.js";

/** Wire tensor from float64 values (little-endian bytes, as the API requires). */
export function float64Tensor(shape: readonly number[], values: ArrayLike<number>): Tensor {
  const array = Float64Array.from(values);
  return { dtype: DataType.DATA_TYPE_FLOAT64, shape: [...shape], data: new Uint8Array(array.buffer) };
}

/** Wire tensor from float32 values. */
export function float32Tensor(shape: readonly number[], values: ArrayLike<number>): Tensor {
  const array = Float32Array.from(values);
  return { dtype: DataType.DATA_TYPE_FLOAT32, shape: [...shape], data: new Uint8Array(array.buffer) };
}
