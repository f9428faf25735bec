import { sixteenBitFloatsToFloat32 } from "../tensor/half-float.js";
import type { CheckedTensor } from "./checked-tensor.js";
import { int64ToClampedNumber } from "./int64.js";
import { dataTypeName, OnnxDataType } from "./onnx-data-type.js";
import { unsupportedModel } from "./onnx-model-error.js";

/**
 * Typed-array views below read raw_data in host byte order. ONNX raw_data is little-endian, and
 * so is every host we run on (x86-64, arm64); on a big-endian host we fall back to DataView reads.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const EMPTY = new Uint8Array(0);

function rawBytes(tensor: CheckedTensor): Uint8Array {
  return tensor.proto.rawData && tensor.proto.rawData.byteLength > 0 ? tensor.proto.rawData : EMPTY;
}

function dataView(raw: Uint8Array): DataView {
  return new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
}

function float32FromRaw(raw: Uint8Array, size: number): Float32Array {
  if (LITTLE_ENDIAN && raw.byteOffset % 4 === 0) return new Float32Array(raw.buffer, raw.byteOffset, size);
  // Misaligned (the usual case inside a protobuf): copy, without zero-filling first.
  if (LITTLE_ENDIAN)
    return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const out = new Float32Array(size);
  const view = dataView(raw);
  for (let i = 0; i < size; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

function float64FromRaw(raw: Uint8Array, size: number): Float64Array {
  if (LITTLE_ENDIAN && raw.byteOffset % 8 === 0) return new Float64Array(raw.buffer, raw.byteOffset, size);
  if (LITTLE_ENDIAN)
    return new Float64Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const out = new Float64Array(size);
  const view = dataView(raw);
  for (let i = 0; i < size; i++) out[i] = view.getFloat64(8 * i, true);
  return out;
}

function uint16FromRaw(raw: Uint8Array, size: number): ArrayLike<number> {
  if (LITTLE_ENDIAN && raw.byteOffset % 2 === 0) return new Uint16Array(raw.buffer, raw.byteOffset, size);
  const view = dataView(raw);
  const out = new Uint16Array(size);
  for (let i = 0; i < size; i++) out[i] = view.getUint16(2 * i, true);
  return out;
}

/**
 * Values of a FLOAT, DOUBLE, FLOAT16 or BFLOAT16 tensor (raw_data or the typed field). FLOAT
 * raw_data comes back as a zero-copy Float32Array view of the model bytes when its offset is
 * 4-aligned (a copy otherwise), DOUBLE as Float64Array, the 16-bit types converted to Float32Array.
 * Other dtypes → FAILED_PRECONDITION.
 */
export function decodeFloatTensor(tensor: CheckedTensor): Float32Array | Float64Array {
  const raw = rawBytes(tensor);
  const { proto, size } = tensor;
  switch (tensor.dataType) {
    case OnnxDataType.FLOAT:
      return raw.byteLength > 0 ? float32FromRaw(raw, size) : Float32Array.from(proto.floatData ?? []);
    case OnnxDataType.DOUBLE:
      return raw.byteLength > 0 ? float64FromRaw(raw, size) : Float64Array.from(proto.doubleData ?? []);
    case OnnxDataType.FLOAT16:
    case OnnxDataType.BFLOAT16:
      return sixteenBitFloatsToFloat32(
        raw.byteLength > 0 ? uint16FromRaw(raw, size) : (proto.int32Data ?? []),
        tensor.dataType === OnnxDataType.BFLOAT16,
      );
    default:
      throw unsupportedModel(
        `${tensor.label}: weight dtype ${dataTypeName(tensor.dataType)} is not supported ` +
          "(FLOAT, DOUBLE, FLOAT16 or BFLOAT16)",
      );
  }
}

function int64FromRaw(tensor: CheckedTensor, raw: Uint8Array): number[] {
  const view = dataView(raw);
  const out: number[] = [];
  for (let i = 0; i < tensor.size; i++) {
    const v = view.getBigInt64(8 * i, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      // INT64_MAX / INT64_MIN are used as "to the end" sentinels (Slice); clamp like ONNX does.
      out.push(v > 0n ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER);
    } else {
      out.push(Number(v));
    }
  }
  return out;
}

/**
 * Values of an INT64 or INT32 tensor (shape tensors: Reshape shape, pads, axes, sizes) as
 * numbers; INT64 values beyond ±2^53 clamp to ±MAX_SAFE_INTEGER. Other dtypes → FAILED_PRECONDITION.
 */
export function decodeIntegerTensor(tensor: CheckedTensor): number[] {
  const raw = rawBytes(tensor);
  const { proto } = tensor;
  switch (tensor.dataType) {
    case OnnxDataType.INT64:
      if (raw.byteLength > 0) return int64FromRaw(tensor, raw);
      return (proto.int64Data ?? []).map(int64ToClampedNumber);
    case OnnxDataType.INT32:
      if (raw.byteLength > 0) {
        const view = dataView(raw);
        return Array.from({ length: tensor.size }, (_, i) => view.getInt32(4 * i, true));
      }
      return [...(proto.int32Data ?? [])];
    default:
      throw unsupportedModel(
        `${tensor.label}: expected an INT64 or INT32 tensor, got ${dataTypeName(tensor.dataType)}`,
      );
  }
}

/** Values of a float or integer tensor as plain numbers (Resize scales, Clip bounds, small constants). */
export function decodeNumericTensor(tensor: CheckedTensor): number[] {
  switch (tensor.dataType) {
    case OnnxDataType.INT64:
    case OnnxDataType.INT32:
      return decodeIntegerTensor(tensor);
    default:
      return Array.from(decodeFloatTensor(tensor));
  }
}
