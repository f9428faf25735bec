import { MAX_TENSOR_ELEMENTS } from "../tensor/element-limits.js";
import { malformedModel } from "./onnx-model-error.js";

/** A protobufjs int64 field: a number, or a `long` Long when the value needs 64 bits. @internal */
export type Int64Like = number | { toNumber(): number };

export { MAX_TENSOR_ELEMENTS } from "../tensor/element-limits.js";

/** Converts a protobufjs int64 to a number; `what` names the field when it is not a safe integer. @internal */
export function int64ToNumber(value: Int64Like, what: string): number {
  const n = typeof value === "number" ? value : value.toNumber();
  if (!Number.isSafeInteger(n)) throw malformedModel(`${what}: ${n} is not a safe integer`);
  return n;
}

/**
 * Converts a protobufjs int64 attribute value to a number, clamping beyond ±2^53 (INT64_MAX and
 * INT64_MIN are common "to the end" sentinels, e.g. Slice-1 `ends`).
 * @internal
 */
export function int64ToClampedNumber(value: Int64Like): number {
  const n = typeof value === "number" ? value : value.toNumber();
  return Math.max(Number.MIN_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, n));
}

/**
 * Converts and validates tensor dims: each a non-negative integer and their product at most
 * {@link MAX_TENSOR_ELEMENTS}. `what` names the tensor in messages.
 * @internal
 */
export function tensorDims(dims: readonly Int64Like[] | null | undefined, what: string): number[] {
  const out: number[] = [];
  let size = 1;
  for (const [axis, raw] of (dims ?? []).entries()) {
    const d = int64ToNumber(raw, `${what}: dims[${axis}]`);
    if (d < 0) throw malformedModel(`${what}: dims[${axis}] = ${d} is negative`);
    if (d > MAX_TENSOR_ELEMENTS) throw malformedModel(`${what}: dims[${axis}] = ${d} is absurdly large`);
    size *= d;
    if (size > MAX_TENSOR_ELEMENTS)
      throw malformedModel(
        `${what}: dims [${(dims ?? []).join(", ")}] exceed ${MAX_TENSOR_ELEMENTS} elements`,
      );
    out.push(d);
  }
  return out;
}

/** Number of elements of a shape (1 for a scalar). @internal */
export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
