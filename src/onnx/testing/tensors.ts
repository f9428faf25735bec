import { OnnxDataType } from "../onnx-data-type.js";
import type { onnx } from "../onnx-proto.js";
import { seededFloats } from "./seeded-random.js";

function bytesOf(values: Float32Array | Float64Array | BigInt64Array | Int32Array | Uint16Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** A FLOAT tensor with little-endian raw_data (our hosts are little-endian). @internal */
export function floatTensor(
  name: string,
  dims: readonly number[],
  values: ArrayLike<number>,
): onnx.ITensorProto {
  return { name, dims: [...dims], dataType: OnnxDataType.FLOAT, rawData: bytesOf(Float32Array.from(values)) };
}

/** A FLOAT tensor of seeded uniform values in `[lo, hi)`. @internal */
export function randomFloatTensor(
  name: string,
  dims: readonly number[],
  seed: number,
  lo = -1,
  hi = 1,
): onnx.ITensorProto {
  const n = dims.reduce((a, b) => a * b, 1);
  return {
    name,
    dims: [...dims],
    dataType: OnnxDataType.FLOAT,
    rawData: bytesOf(seededFloats(n, seed, lo, hi)),
  };
}

/** A FLOAT tensor stored in `float_data` instead of raw_data. @internal */
export function floatDataTensor(
  name: string,
  dims: readonly number[],
  values: readonly number[],
): onnx.ITensorProto {
  return { name, dims: [...dims], dataType: OnnxDataType.FLOAT, floatData: [...values] };
}

/** A DOUBLE tensor (raw_data). @internal */
export function doubleTensor(
  name: string,
  dims: readonly number[],
  values: ArrayLike<number>,
): onnx.ITensorProto {
  return {
    name,
    dims: [...dims],
    dataType: OnnxDataType.DOUBLE,
    rawData: bytesOf(Float64Array.from(values)),
  };
}

/** An INT64 tensor (raw_data; bigints for values beyond 2^53); `dims` defaults to `[values.length]`. @internal */
export function int64Tensor(
  name: string,
  values: readonly (number | bigint)[],
  dims?: readonly number[],
): onnx.ITensorProto {
  return {
    name,
    dims: [...(dims ?? [values.length])],
    dataType: OnnxDataType.INT64,
    rawData: bytesOf(BigInt64Array.from(values.map((v) => BigInt(v)))),
  };
}

/** A tensor of any dtype from 16-bit patterns (FLOAT16, BFLOAT16) in raw_data. @internal */
export function sixteenBitTensor(
  name: string,
  dims: readonly number[],
  dataType: number,
  bits: readonly number[],
): onnx.ITensorProto {
  return { name, dims: [...dims], dataType, rawData: bytesOf(Uint16Array.from(bits)) };
}
