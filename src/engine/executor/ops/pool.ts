import type { Tensor } from "@tensorflow/tfjs-core";
import { failedPrecondition } from "../../../errors/normserve-error.js";
import type { Pool2dParams } from "../../kernels/kernels.js";
import type { OpContext, OpImpl, OpResult } from "../op-impl.js";
import { nhwc, type Value } from "../value.js";

/** Per spatial axis: window, stride, begin pad, end pad (declared), end pad (ceil_mode extra). */
interface PoolAxis {
  readonly kernel: number;
  readonly stride: number;
  readonly begin: number;
  readonly end: number;
  readonly extra: number;
  readonly input: number;
  readonly output: number;
}

function poolAxes(ctx: OpContext): PoolAxis[] {
  const a = ctx.node.attributes;
  const x = ctx.inShape(0);
  const y = ctx.outShape(0);
  const rank = x.length - 2;
  if (rank !== 1 && rank !== 2)
    throw failedPrecondition(
      `${ctx.node.label}: only 1-d and 2-d pooling runs on the engine (got ${rank}-d)`,
    );
  const kernel = a.ints("kernel_shape");
  const strides = a.ints("strides", Array(rank).fill(1));
  const dilations = a.ints("dilations", Array(rank).fill(1));
  if (dilations.some((d) => d !== 1))
    throw failedPrecondition(`${ctx.node.label}: dilated pooling is not supported by the engine`);
  const autoPad = a.string("auto_pad", "NOTSET");
  const pads = a.ints("pads", Array(2 * rank).fill(0));
  return Array.from({ length: rank }, (_, i) => {
    const input = x[i + 2];
    const output = y[i + 2];
    let begin = pads[i] ?? 0;
    let end = pads[i + rank] ?? 0;
    if (autoPad === "VALID") {
      begin = 0;
      end = 0;
    } else if (autoPad === "SAME_UPPER" || autoPad === "SAME_LOWER") {
      const total = Math.max(0, (output - 1) * strides[i] + kernel[i] - input);
      begin = autoPad === "SAME_UPPER" ? Math.floor(total / 2) : total - Math.floor(total / 2);
      end = total - begin;
    }
    const need = (output - 1) * strides[i] + kernel[i] - (input + begin + end);
    return { kernel: kernel[i], stride: strides[i], begin, end, extra: Math.max(0, need), input, output };
  });
}

function pool2d(axes: readonly PoolAxis[]): Pool2dParams {
  const [h, w] = axes.length === 1 ? [undefined, axes[0]] : axes;
  return {
    kernel: [h?.kernel ?? 1, w.kernel],
    strides: [h?.stride ?? 1, w.stride],
    pads: [h?.begin ?? 0, w.begin, (h?.end ?? 0) + (h?.extra ?? 0), w.end + w.extra],
  };
}

/** How many window elements each output position averages over, per axis (ONNX AveragePool). */
function axisCounts(axis: PoolAxis, includePad: boolean): number[] {
  const lo = includePad ? -axis.begin : 0;
  const hi = includePad ? axis.input + axis.end : axis.input;
  return Array.from({ length: axis.output }, (_, i) => {
    const start = i * axis.stride - axis.begin;
    return Math.max(0, Math.min(start + axis.kernel, hi) - Math.max(start, lo));
  });
}

/** MaxPool (1-d, 2-d; pads, auto_pad, ceil_mode); the indices output is not supported. */
export const maxPoolOp: OpImpl = {
  opType: "MaxPool",
  inputLayouts: () => ["cl"],
  forward(ctx, [x]): OpResult {
    if (ctx.node.outputs.length > 1 && ctx.node.outputs[1] !== "")
      throw failedPrecondition(
        `${ctx.node.label}: the Indices output of MaxPool is not supported by the engine`,
      );
    const { tf, kernels } = ctx;
    const params = pool2d(poolAxes(ctx));
    const xShape = ctx.inShape(0);
    const yShape = ctx.outShape(0);
    const x4 = tf.reshape((x as Value).t, nhwc(xShape));
    const { y: y4, saved } = kernels.maxPool(x4, params);
    return {
      outputs: [
        {
          t: tf.reshape(y4, (x as Value).t.rank === 3 ? [yShape[0], yShape[2], yShape[1]] : y4.shape),
          layout: "cl",
        },
      ],
      saved: [x4, y4, ...saved],
      backward: ([dy]) => {
        const g = kernels.maxPoolGrad(tf.reshape(dy as Tensor, y4.shape), x4, y4, saved, params);
        return [tf.reshape(g, (x as Value).t.shape)];
      },
    };
  },
};

/** AveragePool (1-d, 2-d; count_include_pad, ceil_mode): a window sum divided by its count. */
export const averagePoolOp: OpImpl = {
  opType: "AveragePool",
  inputLayouts: () => ["cl"],
  forward(ctx, [x]): OpResult {
    const { tf, kernels } = ctx;
    const axes = poolAxes(ctx);
    const params = pool2d(axes);
    const includePad = ctx.node.attributes.int("count_include_pad", 0) === 1;
    const xShape = ctx.inShape(0);
    const xt = (x as Value).t;
    const x4 = tf.reshape(xt, nhwc(xShape));
    const counts = axes.map((axis) => axisCounts(axis, includePad));
    const [ch, cw] = counts.length === 1 ? [[1], counts[0]] : counts;
    const inverse = new Float32Array(ch.length * cw.length);
    for (let i = 0; i < ch.length; i++)
      for (let j = 0; j < cw.length; j++) inverse[i * cw.length + j] = 1 / Math.max(1, ch[i] * cw[j]);
    const scale = tf.tensor4d(inverse, [1, ch.length, cw.length, 1]);
    const y4 = tf.mul(kernels.sumPool(x4, params), scale);
    const outShape = ctx.outShape(0);
    return {
      outputs: [
        { t: xt.rank === 3 ? tf.reshape(y4, [outShape[0], outShape[2], outShape[1]]) : y4, layout: "cl" },
      ],
      saved: [scale],
      backward: ([dy]) => {
        const g = kernels.sumPoolGrad(tf.mul(tf.reshape(dy as Tensor, y4.shape), scale), x4.shape, params);
        return [tf.reshape(g, xt.shape)];
      },
    };
  },
};

/** GlobalAveragePool and GlobalMaxPool over the spatial axes of a channels-last value. */
export const globalPoolOps: OpImpl[] = [
  {
    opType: "GlobalAveragePool",
    inputLayouts: () => ["cl"],
    forward(ctx, [x]): OpResult {
      const { tf } = ctx;
      const xt = (x as Value).t;
      const axes = Array.from({ length: xt.rank - 2 }, (_, i) => i + 1);
      const count = axes.reduce((p, a) => p * xt.shape[a], 1);
      return {
        outputs: [{ t: tf.mean(xt, axes, true), layout: "cl" }],
        backward: ([dy]) => [tf.broadcastTo(tf.div(dy as Tensor, count), xt.shape)],
      };
    },
  },
  {
    opType: "GlobalMaxPool",
    inputLayouts: () => ["cl"],
    forward(ctx, [x]): OpResult {
      const { tf } = ctx;
      const xt = (x as Value).t;
      const axes = Array.from({ length: xt.rank - 2 }, (_, i) => i + 1);
      const y = tf.max(xt, axes, true);
      return {
        outputs: [{ t: y, layout: "cl" }],
        backward: ([dy]) => {
          // Ties share the gradient, as the subgradient average.
          const mask = tf.cast(tf.equal(xt, y), "float32");
          return [tf.mul(tf.div(mask, tf.sum(mask, axes, true)), dy as Tensor)];
        },
      };
    },
  },
];
