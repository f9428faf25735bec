import { DataType, type Tensor } from "../gen/normserve/v1/tensor.js";
import type { WeightArray } from "../math/norm-result.js";
import { checkedElementCount } from "./element-limits.js";
import { firstNonFinite } from "./first-non-finite.js";
import { sixteenBitFloatsToFloat32 } from "./half-float.js";

/** A decoded floating-point tensor: values plus shape. */
export interface FloatTensor {
  readonly shape: readonly number[];
  readonly values: WeightArray;
}

/** Thrown for a malformed wire tensor; the message names the field. */
export class TensorDecodeError extends Error {
  override name = "TensorDecodeError";
}

const BYTES_PER_ELEMENT: Partial<Record<DataType, number>> = {
  [DataType.DATA_TYPE_FLOAT32]: 4,
  [DataType.DATA_TYPE_FLOAT64]: 8,
  [DataType.DATA_TYPE_FLOAT16]: 2,
};

/**
 * Decodes a wire Tensor holding float32, float64 or float16 values into a typed array, without
 * copying float32/float64 data that is already aligned. `field` names the tensor in errors
 * (e.g. `layers[2].weight`). Rejects an unset or non-float dtype, bad dimensions, a byte length
 * that does not match the shape, and NaN or ±Inf values.
 */
export function decodeFloatTensor(tensor: Tensor | undefined, field: string): FloatTensor {
  if (tensor === undefined) throw new TensorDecodeError(`${field}: tensor is required`);
  const shape = tensor.shape;
  let count: number;
  try {
    count = checkedElementCount(shape, field);
  } catch (error) {
    throw new TensorDecodeError((error as Error).message);
  }
  const width = BYTES_PER_ELEMENT[tensor.dtype];
  if (width === undefined) {
    throw new TensorDecodeError(
      `${field}: dtype ${DataType[tensor.dtype] ?? tensor.dtype} is not supported; use DATA_TYPE_FLOAT32, DATA_TYPE_FLOAT64 or DATA_TYPE_FLOAT16`,
    );
  }
  const bytes = tensor.data;
  if (bytes.byteLength !== count * width) {
    throw new TensorDecodeError(
      `${field}: data has ${bytes.byteLength} bytes but shape [${shape.join(", ")}] of ${DataType[tensor.dtype]} needs ${count * width}`,
    );
  }
  const values = toTypedArray(bytes, tensor.dtype, count);
  const bad = firstNonFinite(values);
  if (bad >= 0) {
    throw new TensorDecodeError(`${field}: element ${bad} is ${values[bad]}; weights must be finite`);
  }
  return { shape: [...shape], values };
}

function toTypedArray(bytes: Uint8Array, dtype: DataType, count: number): WeightArray {
  if (dtype === DataType.DATA_TYPE_FLOAT16) {
    // Every binary16 value is exactly a float32.
    const halves =
      bytes.byteOffset % 2 === 0
        ? new Uint16Array(bytes.buffer, bytes.byteOffset, count)
        : new Uint16Array(Uint8Array.from(bytes).buffer);
    return sixteenBitFloatsToFloat32(halves, false);
  }
  // Wire data is little-endian, like every host Node runs on; views avoid copying large weights.
  if (dtype === DataType.DATA_TYPE_FLOAT32) {
    return bytes.byteOffset % 4 === 0
      ? new Float32Array(bytes.buffer, bytes.byteOffset, count)
      : new Float32Array(Uint8Array.from(bytes).buffer);
  }
  return bytes.byteOffset % 8 === 0
    ? new Float64Array(bytes.buffer, bytes.byteOffset, count)
    : new Float64Array(Uint8Array.from(bytes).buffer);
}
