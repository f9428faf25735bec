import { writeFile } from "node:fs/promises";
import { invalidArgument } from "../errors/normserve-error.js";
import { formatNpyHeader } from "./npy-header.js";

/** Arrays the NPY writer accepts, written as `<f4`, `<f8`, `<i4`, `<i8` and `|u1`. */
export type NpyWritable = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;

/** Serialises a C-order array with the given shape as an NPY (version 1.0) file's bytes. */
export function encodeNpy(data: NpyWritable, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0) || count !== data.length) {
    throw invalidArgument(`encodeNpy: shape [${shape.join(", ")}] does not match ${data.length} elements`);
  }
  const header = formatNpyHeader(descrOf(data), shape);
  const out = new Uint8Array(header.length + data.byteLength);
  out.set(header);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), header.length);
  return out;
}

/** Writes `data` with `shape` to `path` as an NPY file (e.g. the CLI's `--out Y.npy`). */
export async function writeNpy(path: string, data: NpyWritable, shape: readonly number[]): Promise<void> {
  await writeFile(path, encodeNpy(data, shape));
}

function descrOf(data: NpyWritable): string {
  if (data instanceof Float32Array) return "<f4";
  if (data instanceof Float64Array) return "<f8";
  if (data instanceof Int32Array) return "<i4";
  if (data instanceof BigInt64Array) return "<i8";
  return "|u1";
}
