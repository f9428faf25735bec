import { invalidArgument } from "../errors/normserve-error.js";
import type { ImageShape } from "./image-dataset.js";
import type { NpyArray } from "./parse-npy.js";
import { uint8ToUnit } from "./uint8-to-unit.js";

/**
 * Turns a decoded NPY array into N×C×H×W float32 images: rank 4 is taken as NCHW as is (no NHWC
 * guessing: a 3-channel 3-pixel-wide image is ambiguous), rank 3 as N×H×W with C=1. `|u1` is
 * scaled by 1/255; float dtypes must already be in [0, 1] (checked by the dataset builder).
 */
export function npyToImages(array: NpyArray, source: string): { images: Float32Array; shape: ImageShape } {
  const s = array.shape;
  let shape: ImageShape;
  if (s.length === 4) shape = [s[0], s[1], s[2], s[3]];
  else if (s.length === 3) shape = [s[0], 1, s[1], s[2]];
  else {
    throw invalidArgument(
      `${source}: image array has shape [${s.join(", ")}]; expected rank 4 (N, C, H, W) or rank 3 (N, H, W)`,
    );
  }
  const { data } = array;
  if (data instanceof Uint8Array) return { images: uint8ToUnit(data), shape };
  if (data instanceof Float32Array) return { images: data, shape };
  if (data instanceof Float64Array) return { images: Float32Array.from(data), shape };
  throw invalidArgument(`${source}: image dtype '${array.dtype}' is not supported; expected <f4, <f8 or |u1`);
}

/** Turns a decoded NPY integer array of shape [N] or [N, 1] into int32 labels. */
export function npyToLabels(array: NpyArray, source: string): Int32Array {
  const s = array.shape;
  if (!(s.length === 1 || (s.length === 2 && s[1] === 1))) {
    throw invalidArgument(`${source}: label array has shape [${s.join(", ")}]; expected [N] or [N, 1]`);
  }
  const { data } = array;
  if (data instanceof Float32Array || data instanceof Float64Array) {
    throw invalidArgument(
      `${source}: label dtype '${array.dtype}' is not an integer type; expected <i8, <i4 or |u1`,
    );
  }
  const out = new Int32Array(data.length);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v < -2147483648n || v > 2147483647n) {
        throw invalidArgument(`${source}: label ${i} is ${v}; expected a class index that fits in int32`);
      }
      out[i] = Number(v);
    }
    return out;
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v > 2147483647)
      throw invalidArgument(`${source}: label ${i} is ${v}; expected a class index that fits in int32`);
    out[i] = v;
  }
  return out;
}
