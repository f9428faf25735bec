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
    plain = tf.transpose(t, fromLayoutPerm(from, rank));
  }
  if (to === "plain") return plain;
  if (to === "hwio" && rank === 3) {
    const [o, i, k] = logicalShape;
    const out = tf.reshape(tf.transpose(plain, [2, 1, 0]), [1, k, i, o]);
    if (plain !== t) plain.dispose();
    return out;
  }
  const out = tf.transpose(plain, toLayoutPerm(to, rank));
  if (plain !== t) plain.dispose();
  return out;
}
