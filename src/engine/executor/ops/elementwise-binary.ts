import type { Tensor } from "@tensorflow/tfjs-core";
import { unbroadcast } from "../broadcast-grad.js";
import type { OpContext, OpImpl, OpResult } from "../op-impl.js";
import { convertLayout, fromLayoutPerm, type Layout, toLayoutPerm, type Value } from "../value.js";

/** An operand brought into the layout the op computes in, and the way back for its gradient. */
interface AlignedOperand {
  readonly t: Tensor;
  /** Gradient (of the aligned tensor's shape after unbroadcasting) → gradient of the stored input. */
  readonly back: (grad: Tensor) => Tensor;
}

/**
 * Brings an operand into the computing layout. Channels-last wins when any operand is stored
 * that way and the result has the same rank: smaller plain operands (per-channel constants of
 * shape [C, 1, 1], scalars) get leading 1s and the same permutation, so broadcasting still lines
 * up.
 */
function align(
  ctx: OpContext,
  v: Value,
  logical: readonly number[],
  target: Layout,
  rank: number,
): AlignedOperand {
  const { tf } = ctx;
  const stored = v.t.shape;
  if (v.layout === target) return { t: v.t, back: (g) => unbroadcast(tf, g, stored) };
  if (target === "plain") {
    const t = convertLayout(tf, v.t, v.layout, "plain", logical);
    return { t, back: (g) => convertLayout(tf, unbroadcast(tf, g, t.shape), "plain", v.layout, logical) };
  }
  const padded = [...Array(rank - logical.length).fill(1), ...logical];
  const perm = toLayoutPerm("cl", rank) as number[];
  const t = tf.transpose(tf.reshape(v.t, padded), perm);
  return {
    t,
    back: (g) => tf.reshape(tf.transpose(unbroadcast(tf, g, t.shape), fromLayoutPerm("cl", rank)), stored),
  };
}

type Binary = (tf: OpContext["tf"], a: Tensor, b: Tensor) => Tensor;
type BinaryGrad = (tf: OpContext["tf"], dy: Tensor, a: Tensor, b: Tensor, y: Tensor) => [Tensor, Tensor];

function binary(opType: string, f: Binary, grad: BinaryGrad): OpImpl {
  return {
    opType,
    forward(ctx, inputs): OpResult {
      const { tf } = ctx;
      const [va, vb] = inputs as [Value, Value];
      const rank = ctx.outShape(0).length;
      const target: Layout = [va, vb].some((v, k) => v.layout === "cl" && ctx.inShape(k).length === rank)
        ? "cl"
        : "plain";
      const a = align(ctx, va, ctx.inShape(0), target, rank);
      const b = align(ctx, vb, ctx.inShape(1), target, rank);
      const y = f(tf, a.t, b.t);
      return {
        outputs: [{ t: y, layout: target }],
        saved: [a.t, b.t],
        backward: ([dy], need) => {
          const [da, db] = grad(tf, dy as Tensor, a.t, b.t, y);
          return [need[0] ? a.back(da) : undefined, need[1] ? b.back(db) : undefined];
        },
      };
    },
  };
}

/** Add, Sub, Mul, Div with numpy broadcasting. */
export const elementwiseBinaryOps: OpImpl[] = [
  binary(
    "Add",
    (tf, a, b) => tf.add(a, b),
    (_tf, dy) => [dy, dy],
  ),
  binary(
    "Sub",
    (tf, a, b) => tf.sub(a, b),
    (tf, dy) => [dy, tf.neg(dy)],
  ),
  binary(
    "Mul",
    (tf, a, b) => tf.mul(a, b),
    (tf, dy, a, b) => [tf.mul(dy, b), tf.mul(dy, a)],
  ),
  binary(
    "Div",
    (tf, a, b) => tf.div(a, b),
    (tf, dy, _a, b, y) => [tf.div(dy, b), tf.neg(tf.div(tf.mul(dy, y), b))],
  ),
];
