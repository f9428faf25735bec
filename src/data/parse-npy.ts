import { invalidArgument } from "../errors/normserve-error.js";
import { parseNpyHeader } from "./npy-header.js";

/** Typed arrays an NPY file can decode to. */
export type NpyData =
  | Float32Array
  | Float64Array
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** A decoded NPY array: its numpy dtype kind+size (`f4`, `u1`, `i8`…), shape and data. */
export interface NpyArray {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly data: NpyData;
}

type NpyConstructor = {
  readonly BYTES_PER_ELEMENT: number;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): NpyData;
};

const CONSTRUCTORS: Record<string, NpyConstructor> = {
  f4: Float32Array,
  f8: Float64Array,
  u1: Uint8Array,
  i1: Int8Array,
  i2: Int16Array,
  u2: Uint16Array,
  i4: Int32Array,
  u4: Uint32Array,
  i8: BigInt64Array,
  u8: BigUint64Array,
};

/**
 * Decodes an NPY file's bytes (C order, little-endian or byte-sized dtypes). The result views the
 * input when the data is aligned and copies it otherwise; typed arrays are host-order, which is
 * little-endian on every platform we ship for.
 */
export function parseNpy(bytes: Uint8Array, source: string): NpyArray {
  const header = parseNpyHeader(bytes, source);
  const order = header.descr[0];
  const dtype = header.descr.slice(1);
  const ctor = CONSTRUCTORS[dtype];
  if (ctor === undefined || !"<>|=".includes(order)) {
    throw invalidArgument(
      `${source}: NPY dtype '${header.descr}' is not supported; expected one of <f4 <f8 |u1 |i1 <i2 <u2 <i4 <u4 <i8 <u8`,
    );
  }
  if (order === ">" && ctor.BYTES_PER_ELEMENT > 1) {
    throw invalidArgument(
      `${source}: big-endian NPY dtype '${header.descr}' is not supported; expected little-endian '<${dtype}' (use arr.astype('<${dtype}'))`,
    );
  }
  const count = header.shape.reduce((a, b) => a * b, 1);
  const byteLength = count * ctor.BYTES_PER_ELEMENT;
  const available = bytes.length - header.dataOffset;
  if (available < byteLength) {
    throw invalidArgument(
      `${source}: truncated NPY data: shape [${header.shape.join(", ")}] of ${header.descr} needs ${byteLength} bytes, found ${available}`,
    );
  }
  if (available > byteLength) {
    throw invalidArgument(
      `${source}: NPY header/size mismatch: shape [${header.shape.join(", ")}] of ${header.descr} needs ${byteLength} bytes, found ${available}`,
    );
  }
  const start = bytes.byteOffset + header.dataOffset;
  const aligned = start % ctor.BYTES_PER_ELEMENT === 0;
  const data = aligned
    ? new ctor(bytes.buffer, start, count)
    : new ctor(bytes.slice(header.dataOffset).buffer, 0, count);
  return { dtype, shape: header.shape, data };
}
