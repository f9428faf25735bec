import type { Tensor } from "@tensorflow/tfjs-core";
import type { OpContext, OpImpl, OpResult } from "../op-impl.js";
import type { Value } from "../value.js";

/** An element-wise op given as y = f(x) and dx = dy·f'(x, y); layout passes through. */
function unary(
  opType: string,
  f: (ctx: OpContext, x: Tensor) => Tensor,
  grad: (ctx: OpContext, dy: Tensor, x: Tensor, y: Tensor) => Tensor,
): OpImpl {
  return {
    opType,
    forward(ctx, [x]): OpResult {
      const v = x as Value;
      const y = f(ctx, v.t);
      return { outputs: [{ t: y, layout: v.layout }], backward: ([dy]) => [grad(ctx, dy as Tensor, v.t, y)] };
    },
  };
}

/** Clip bounds: attributes before opset 11, optional constant inputs after. */
function clipBounds(ctx: OpContext): [number, number] {
  const a = ctx.node.attributes;
  if (a.has("min") || a.has("max"))
    return [a.float("min", Number.NEGATIVE_INFINITY), a.float("max", Number.POSITIVE_INFINITY)];
  const lo = ctx.node.inputs[1] ? ctx.constantInput(1)?.[0] : undefined;
  const hi = ctx.node.inputs[2] ? ctx.constantInput(2)?.[0] : undefined;
  return [lo ?? Number.NEGATIVE_INFINITY, hi ?? Number.POSITIVE_INFINITY];
}

/** Relu through the kernels (native ReluGrad). */
export const reluOp: OpImpl = unary(
  "Relu",
  (ctx, x) => ctx.kernels.relu(x),
  (ctx, dy, _x, y) => ctx.kernels.reluGrad(dy, y),
);

/** LeakyRelu (alpha default 0.01). */
export const leakyReluOp: OpImpl = unary(
  "LeakyRelu",
  (ctx, x) => ctx.tf.leakyRelu(x, ctx.node.attributes.float("alpha", 0.01)),
  (ctx, dy, x) => {
    const { tf } = ctx;
    const alpha = ctx.node.attributes.float("alpha", 0.01);
    return tf.mul(dy, tf.where(tf.greater(x, 0), tf.onesLike(x), tf.fill(x.shape, alpha)));
  },
);

/** Sigmoid. */
export const sigmoidOp: OpImpl = unary(
  "Sigmoid",
  (ctx, x) => ctx.tf.sigmoid(x),
  (ctx, dy, _x, y) => ctx.tf.mul(dy, ctx.tf.mul(y, ctx.tf.sub(1, y))),
);

/** Tanh. */
export const tanhOp: OpImpl = unary(
  "Tanh",
  (ctx, x) => ctx.tf.tanh(x),
  (ctx, dy, _x, y) => ctx.tf.mul(dy, ctx.tf.sub(1, ctx.tf.square(y))),
);

/** Clip (ReLU6 and friends); the gradient passes where min ≤ x ≤ max, as torch.clamp's does. */
export const clipOp: OpImpl = {
  opType: "Clip",
  forward(ctx, [x]): OpResult {
    const { tf } = ctx;
    const v = x as Value;
    const [lo, hi] = clipBounds(ctx);
    const y = tf.clipByValue(v.t, lo, hi);
    return {
      outputs: [{ t: y, layout: v.layout }],
      backward: ([dy]) => [
        tf.mul(
          dy as Tensor,
          tf.cast(tf.logicalAnd(tf.greaterEqual(v.t, lo), tf.lessEqual(v.t, hi)), "float32"),
        ),
      ],
    };
  },
};

/** HardSigmoid: max(0, min(1, αx + β)) (α 0.2, β 0.5 by default). */
export const hardSigmoidOp: OpImpl = unary(
  "HardSigmoid",
  (ctx, x) => {
    const a = ctx.node.attributes;
    return ctx.tf.clipByValue(ctx.tf.add(ctx.tf.mul(x, a.float("alpha", 0.2)), a.float("beta", 0.5)), 0, 1);
  },
  (ctx, dy, x) => {
    const { tf } = ctx;
    const a = ctx.node.attributes;
    const alpha = a.float("alpha", 0.2);
    const z = tf.add(tf.mul(x, alpha), a.float("beta", 0.5));
    return tf.mul(dy, tf.mul(tf.cast(tf.logicalAnd(tf.greater(z, 0), tf.less(z, 1)), "float32"), alpha));
  },
);

/** HardSwish: x · max(0, min(1, x/6 + 1/2)); PyTorch's gradient (x/3 + 1/2 inside, 0 and 1 outside). */
export const hardSwishOp: OpImpl = unary(
  "HardSwish",
  (ctx, x) => ctx.tf.mul(x, ctx.tf.clipByValue(ctx.tf.add(ctx.tf.div(x, 6), 0.5), 0, 1)),
  (ctx, dy, x) => {
    const { tf } = ctx;
    const inside = tf.add(tf.div(x, 3), 0.5);
    const slope = tf.where(
      tf.less(x, -3),
      tf.zerosLike(x),
      tf.where(tf.greater(x, 3), tf.onesLike(x), inside),
    );
    return tf.mul(dy, slope);
  },
);

/** Identity and Cast (float to float: the executor runs float32 throughout). */
export const identityOps: OpImpl[] = ["Identity", "Cast"].map((opType) => ({
  opType,
  forward(_ctx, [x]): OpResult {
    const v = x as Value;
    return { outputs: [v], backward: ([dy]) => [dy] };
  },
}));

/** Dropout: identity in eval mode; in train mode a seeded mask scaled by 1/(1 − ratio). */
export const dropoutOp: OpImpl = {
  opType: "Dropout",
  forward(ctx, [x]): OpResult {
    const { tf } = ctx;
    const v = x as Value;
    const a = ctx.node.attributes;
    const ratio = ctx.node.inputs[1] ? (ctx.constantInput(1)?.[0] ?? 0.5) : a.float("ratio", 0.5);
    const maskOut = ctx.node.outputs.length > 1 && ctx.node.outputs[1] !== "";
    if (ctx.mode === "eval" || ratio === 0) {
      const outputs: Value[] = [v];
      if (maskOut) outputs.push({ t: tf.onesLike(v.t).cast("bool"), layout: v.layout });
      return { outputs, backward: ([dy]) => [dy] };
    }
    const keep = tf.cast(
      tf.greaterEqual(tf.randomUniform(v.t.shape, 0, 1, "float32", ctx.nextSeed()), ratio),
      "float32",
    );
    const scaled = tf.mul(keep, 1 / (1 - ratio));
    const outputs: Value[] = [{ t: tf.mul(v.t, scaled), layout: v.layout }];
    if (maskOut) outputs.push({ t: tf.cast(keep, "bool"), layout: v.layout });
    return { outputs, saved: [scaled], backward: ([dy]) => [tf.mul(dy as Tensor, scaled)] };
  },
};
