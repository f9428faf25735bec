/**
 * ONNX `TensorProto.DataType` codes we handle (stable across ONNX versions), with their element
 * size in bytes.
 * @internal
 */
export const OnnxDataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  COMPLEX64: 14,
  COMPLEX128: 15,
  BFLOAT16: 16,
} as const;

const NAMES = new Map<number, string>(Object.entries(OnnxDataType).map(([name, code]) => [code, name]));

const BYTES: Readonly<Record<number, number>> = {
  1: 4,
  2: 1,
  3: 1,
  4: 2,
  5: 2,
  6: 4,
  7: 8,
  9: 1,
  10: 2,
  11: 8,
  12: 4,
  13: 8,
  14: 8,
  15: 16,
  16: 2,
};

/** Name of a data type code for messages (`FLOAT`, `INT64`, or `dtype 42`). @internal */
export function dataTypeName(code: number): string {
  return NAMES.get(code) ?? `dtype ${code}`;
}

/** Bytes per element of a fixed-size data type; undefined for STRING and unknown codes. @internal */
export function dataTypeByteSize(code: number): number | undefined {
  return BYTES[code];
}
