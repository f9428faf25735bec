import type { Tensor } from "@tensorflow/tfjs-core";
import type { OpContext, OpImpl, OpResult } from "../op-impl.js";
import type { Value } from "../value.js";

/** [N, …, C] channels-last stored shape → the 4-d shape the fused kernels want. */
function as4d(shape: readonly number[]): number[] {
  const c = shape[shape.length - 1];
  const n = shape[0];
  const inner = shape.slice(1, -1).reduce((a, b) => a * b, 1);
  return [n, 1, inner, c];
}

function trainForward(
  ctx: OpContext,
  x: Value,
  scale: Tensor,
  offset: Tensor,
  mean: Tensor,
  variance: Tensor,
): OpResult {
  const { tf, kernels } = ctx;
  const a = ctx.node.attributes;
  const epsilon = a.float("epsilon", 1e-5);
  const momentum = a.float("momentum", 0.9);
  // Reshapes are ops too (~40 µs each natively): only for ranks other than 4.
  const is4d = x.t.rank === 4;
  const to = (t: Tensor, shape: readonly number[]): Tensor => (is4d ? t : tf.reshape(t, [...shape]));
  const x4 = to(x.t, as4d(x.t.shape));
  const out = kernels.batchNormTrain(x4, scale, offset, mean, variance, epsilon, momentum);
  ctx.updateBuffer(3, out.runningMean);
  ctx.updateBuffer(4, out.runningVar);
  const y = to(out.y, x.t.shape);
  const outputs: Value[] = [{ t: y, layout: x.layout }];
  // opset ≥ 14 training_mode exports may name the updated statistics as outputs.
  if (ctx.node.outputs.length > 1) outputs.push({ t: out.runningMean, layout: "plain" });
  if (ctx.node.outputs.length > 2) outputs.push({ t: out.runningVar, layout: "plain" });
  return {
    outputs,
    saved: [x4, out.runningMean, out.runningVar, ...out.saved.tensors],
    backward: ([dy]) => {
      const g = kernels.batchNormTrainGrad(to(dy as Tensor, x4.shape), x4, scale, out.saved, epsilon);
      return [to(g.dx, x.t.shape), g.dScale, g.dOffset, undefined, undefined];
    },
  };
}

function evalForward(
  ctx: OpContext,
  x: Value,
  scale: Tensor,
  offset: Tensor,
  mean: Tensor,
  variance: Tensor,
): OpResult {
  const { tf, kernels } = ctx;
  const epsilon = ctx.node.attributes.float("epsilon", 1e-5);
  const y = kernels.batchNormInfer(x.t, scale, offset, mean, variance, epsilon);
  const outputs: Value[] = [{ t: y, layout: x.layout }];
  if (ctx.node.outputs.length > 1) outputs.push({ t: mean, layout: "plain" });
  if (ctx.node.outputs.length > 2) outputs.push({ t: variance, layout: "plain" });
  const invStd = tf.rsqrt(tf.add(variance, epsilon));
  const axes = Array.from({ length: x.t.rank - 1 }, (_, i) => i);
  return {
    outputs,
    saved: [invStd],
    backward: ([dy], need) => {
      const g = dy as Tensor;
      const dx = need[0] ? tf.mul(g, tf.mul(scale, invStd)) : undefined;
      const dScale = need[1] ? tf.sum(tf.mul(g, tf.mul(tf.sub(x.t, mean), invStd)), axes) : undefined;
      const dOffset = need[2] ? tf.sum(g, axes) : undefined;
      return [dx, dScale, dOffset, undefined, undefined];
    },
  };
}

/**
 * ONNX BatchNormalization over the channel axis. Train mode (the executor's mode, whatever the
 * node's training_mode says) normalises with batch statistics and updates the running ones as
 * PyTorch does (unbiased variance); eval mode uses the running statistics.
 */
export const batchNormalizationOp: OpImpl = {
  opType: "BatchNormalization",
  inputLayouts: (ctx) => [ctx.inShape(0).length > 2 ? "cl" : "plain", "plain", "plain", "plain", "plain"],
  forward(ctx, [x, scale, offset, mean, variance]): OpResult {
    const args = [
      x as Value,
      (scale as Value).t,
      (offset as Value).t,
      (mean as Value).t,
      (variance as Value).t,
    ] as const;
    return ctx.mode === "train" ? trainForward(ctx, ...args) : evalForward(ctx, ...args);
  },
};
