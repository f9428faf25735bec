import type { Tensor } from "@tensorflow/tfjs-core";
import type { OpImpl, OpResult } from "../op-impl.js";
import { channelsLastAxis, type Value } from "../value.js";

/** An op that only reshapes its first input to the inferred output shape (plain layout). */
function reshaping(opType: string): OpImpl {
  return {
    opType,
    inputLayouts: (ctx) => ["plain", ...ctx.node.inputs.slice(1).map(() => "any" as const)],
    forward(ctx, [x]): OpResult {
      const { tf } = ctx;
      const xt = (x as Value).t;
      const y = tf.reshape(xt, [...ctx.outShape(0)]);
      return {
        outputs: [{ t: y, layout: "plain" }],
        backward: ([dy]) => [tf.reshape(dy as Tensor, xt.shape)],
      };
    },
  };
}

/** Flatten, Reshape, Squeeze, Unsqueeze: the output shape comes from shape inference. */
export const reshapeOps: OpImpl[] = ["Flatten", "Reshape", "Squeeze", "Unsqueeze"].map(reshaping);

/** Transpose (perm default: reversed axes). */
export const transposeOp: OpImpl = {
  opType: "Transpose",
  inputLayouts: () => ["plain"],
  forward(ctx, [x]): OpResult {
    const { tf } = ctx;
    const xt = (x as Value).t;
    const perm = ctx.node.attributes.ints(
      "perm",
      Array.from({ length: xt.rank }, (_, i) => xt.rank - 1 - i),
    );
    const inverse = perm.map((_, i) => perm.indexOf(i));
    return {
      outputs: [{ t: tf.transpose(xt, perm), layout: "plain" }],
      backward: ([dy]) => [tf.transpose(dy as Tensor, inverse)],
    };
  },
};

/** Concat along `axis`; channels-last inputs stay so when all of them are. */
export const concatOp: OpImpl = {
  opType: "Concat",
  inputLayouts: (ctx) => {
    const rank = ctx.outShape(0).length;
    return ctx.node.inputs.map(() => (rank === 3 || rank === 4 ? "any" : "plain"));
  },
  forward(ctx, inputs): OpResult {
    const { tf } = ctx;
    const values = inputs as Value[];
    const rank = ctx.outShape(0).length;
    let axis = ctx.node.attributes.int("axis");
    if (axis < 0) axis += rank;
    const allCl = values.every((v) => v.layout === "cl");
    const mixed = !allCl && values.some((v) => v.layout === "cl");
    const tensors = values.map((v, _k) =>
      mixed && v.layout === "cl"
        ? tf.transpose(v.t, [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)])
        : v.t,
    );
    const storedAxis = allCl ? channelsLastAxis(axis, rank) : axis;
    const sizes = tensors.map((t) => t.shape[storedAxis]);
    const y = tf.concat(tensors, storedAxis);
    return {
      outputs: [{ t: y, layout: allCl ? "cl" : "plain" }],
      backward: ([dy]) => {
        const parts = tf.split(dy as Tensor, sizes, storedAxis);
        return parts.map((p, k) =>
          mixed && values[k].layout === "cl"
            ? tf.transpose(p, [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1])
            : p,
        );
      },
    };
  },
};

/** Softmax along `axis` (opset < 13: the 2-d coercion at `axis`, default 1). */
export const softmaxOp: OpImpl = {
  opType: "Softmax",
  inputLayouts: () => ["plain"],
  forward(ctx, [x]): OpResult {
    const { tf } = ctx;
    const xt = (x as Value).t;
    const opset13 = ctx.opset >= 13;
    let axis = ctx.node.attributes.int("axis", opset13 ? -1 : 1);
    if (axis < 0) axis += xt.rank;
    const coerce = !opset13 || axis !== xt.rank - 1;
    const shape2d = opset13
      ? undefined
      : [xt.shape.slice(0, axis).reduce((a, b) => a * b, 1), xt.shape.slice(axis).reduce((a, b) => a * b, 1)];
    // Softmax over a middle axis: move it last.
    const perm =
      opset13 && coerce
        ? [...Array.from({ length: xt.rank }, (_, i) => i).filter((i) => i !== axis), axis]
        : undefined;
    const inv = perm?.map((_, i) => perm.indexOf(i));
    const pre = (t: Tensor) => (shape2d ? tf.reshape(t, shape2d) : perm ? tf.transpose(t, perm) : t);
    const post = (t: Tensor) => (shape2d ? tf.reshape(t, xt.shape) : inv ? tf.transpose(t, inv) : t);
    const y2 = tf.softmax(pre(xt));
    const y = post(y2);
    return {
      outputs: [{ t: y, layout: "plain" }],
      saved: [y2],
      backward: ([dy]) => {
        const g = pre(dy as Tensor);
        return [post(tf.mul(y2, tf.sub(g, tf.sum(tf.mul(g, y2), -1, true))))];
      },
    };
  },
};
