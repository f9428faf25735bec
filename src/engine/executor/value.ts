import type { Tensor } from "@tensorflow/tfjs-core";
import type { TfNamespace } from "../kernels/tfjs-kernels.js";

/**
 * How a value's tensor is stored relative to its ONNX (logical) shape:
 * - `plain`: as ONNX says (N, C, spatial… for activations);
 * - `cl`: channels last (N, spatial…, C) — what TF's CPU kernels want; rank 3 and 4 only;
 * - `hwio`: a conv weight [O, I, kH, kW] stored as [kH, kW, I, O] (1-d: [1, k, I, O]).
 */
export type Layout = "plain" | "cl" | "hwio";

/** A tensor flowing through the executor, with its storage layout. */
export interface Value {
  readonly t: Tensor;
  readonly layout: Layout;
}

/** Storage axis of logical axis `axis` of a rank-`rank` channels-last value. */
export function channelsLastAxis(axis: number, rank: number): number {
  if (axis === 0) return 0;
  if (axis === 1) return rank - 1;
  return axis - 1;
}

/** Permutation taking a logical (plain) tensor to storage layout `layout`. */
export function toLayoutPerm(layout: Layout, rank: number): number[] | undefined {
  if (layout === "cl") return [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
  if (layout === "hwio") return rank === 4 ? [2, 3, 1, 0] : undefined;
  return undefined;
}

/** Permutation taking storage layout `layout` back to the logical tensor. */
export function fromLayoutPerm(layout: Layout, rank: number): number[] | undefined {
  if (layout === "cl") return [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];
  if (layout === "hwio") return rank === 4 ? [3, 2, 0, 1] : undefined;
  return undefined;
}

/** Whether a value of this logical rank can be stored channels-last. */
export const canBeChannelsLast = (rank: number): boolean => rank === 3 || rank === 4;

/** 4-d NHWC shape of a channels-last value of logical shape [N, C, spatial…] (1-d: H = 1). */
export const nhwc = (s: readonly number[]): number[] =>
  s.length === 3 ? [s[0], 1, s[2], s[1]] : [s[0], s[2], s[3], s[1]];

/**
 * `tf.transpose(t, perm)`, as a reshape when the permutation only moves axes of size 1 (e.g. a
 * one-channel image to channels-last, or [N, 1, 1, C] after global pooling): same elements in
 * the same order, and on the native backend no data is moved.
 */
function permute(tf: TfNamespace, t: Tensor, perm: readonly number[]): Tensor {
  const moved = perm.filter((axis) => t.shape[axis] !== 1);
  if (moved.every((axis, i) => i === 0 || moved[i - 1] < axis))
    return tf.reshape(
      t,
      perm.map((axis) => t.shape[axis]),
    );
  return tf.transpose(t, [...perm]);
}

/**
 * Converts a stored tensor between layouts (logical shape `logicalShape`). 1-d conv weights
 * ([O, I, k]) go to hwio as [1, k, I, O]. Returns the input itself when nothing changes.
 */
export function convertLayout(
  tf: TfNamespace,
  t: Tensor,
  from: Layout,
  to: Layout,
  logicalShape: readonly number[],
): Tensor {
  if (from === to) return t;
  const rank = logicalShape.length;
  let plain = t;
  if (from === "hwio" && rank === 3) {
    // [1, k, I, O] -> [O, I, k]
    plain = tf.reshape(tf.transpose(t, [3, 2, 0, 1]), [...logicalShape]);
  } else if (from !== "plain") {
    plain = permute(tf, t, fromLayoutPerm(from, rank) as number[]);
  }
  if (to === "plain") return plain;
  if (to === "hwio" && rank === 3) {
    const [o, i, k] = logicalShape;
    const out = tf.reshape(tf.transpose(plain, [2, 1, 0]), [1, k, i, o]);
    if (plain !== t) plain.dispose();
    return out;
  }
  const out = permute(tf, plain, toLayoutPerm(to, rank) as number[]);
  if (plain !== t) plain.dispose();
  return out;
}
