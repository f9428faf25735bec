import type { Tensor } from "@tensorflow/tfjs-core";
import { failedPrecondition } from "../../../errors/normserve-error.js";
import type { OpContext, OpImpl, OpResult } from "../op-impl.js";
import { channelsLastAxis, type Value } from "../value.js";

function padAmounts(ctx: OpContext, rank: number): number[] {
  const a = ctx.node.attributes;
  if (ctx.opset < 11) return a.ints("pads");
  const pads = ctx.constantInput(1);
  if (!pads) throw failedPrecondition(`${ctx.node.label}: pads must be a constant for the engine`);
  const axesIn = ctx.node.inputs[3] ? ctx.constantInput(3) : undefined;
  if (!axesIn) return [...pads];
  const full = Array(2 * rank).fill(0);
  axesIn.forEach((axis, i) => {
    const ax = axis < 0 ? axis + rank : axis;
    full[ax] = pads[i];
    full[ax + rank] = pads[i + axesIn.length];
  });
  return full;
}

/** Pad in constant mode (negative pads crop); channels-last inputs stay so. */
export const padOp: OpImpl = {
  opType: "Pad",
  forward(ctx, [x]): OpResult {
    const { tf } = ctx;
    const v = x as Value;
    const rank = ctx.inShape(0).length;
    const mode = ctx.node.attributes.string("mode", "constant");
    if (mode !== "constant")
      throw failedPrecondition(
        `${ctx.node.label}: Pad mode '${mode}' is not supported by the engine (constant only)`,
      );
    const value =
      ctx.opset < 11
        ? ctx.node.attributes.float("value", 0)
        : ctx.node.inputs[2]
          ? (ctx.constantInput(2)?.[0] ?? 0)
          : 0;
    const logical = padAmounts(ctx, rank);
    const stored: [number, number][] = Array.from({ length: rank }, () => [0, 0]);
    for (let axis = 0; axis < rank; axis++) {
      const s = v.layout === "cl" ? channelsLastAxis(axis, rank) : axis;
      stored[s] = [logical[axis], logical[axis + rank]];
    }
    const begin = stored.map(([b]) => Math.max(0, -b));
    const size = v.t.shape.map((d, i) => d - begin[i] - Math.max(0, -stored[i][1]));
    const cropped = stored.some(([b, e]) => b < 0 || e < 0) ? tf.slice(v.t, begin, size) : v.t;
    const padding = stored.map(([b, e]) => [Math.max(0, b), Math.max(0, e)] as [number, number]);
    const y = tf.pad(cropped, padding, value);
    return {
      outputs: [{ t: y, layout: v.layout }],
      backward: ([dy]) => {
        const inner = tf.slice(
          dy as Tensor,
          padding.map(([b]) => b),
          size,
        );
        if (cropped === v.t) return [inner];
        return [
          tf.pad(
            inner,
            begin.map((b, i) => [b, v.t.shape[i] - b - size[i]] as [number, number]),
          ),
        ];
      },
    };
  },
};

function reduceAxes(ctx: OpContext, rank: number): number[] {
  const a = ctx.node.attributes;
  const raw =
    ctx.opset >= 18
      ? ctx.node.inputs[1]
        ? ctx.constantInput(1)
        : undefined
      : a.has("axes")
        ? a.ints("axes")
        : undefined;
  if (ctx.opset >= 18 && ctx.node.inputs[1] && !raw)
    throw failedPrecondition(`${ctx.node.label}: axes must be a constant for the engine`);
  if (!raw || raw.length === 0) {
    if (a.int("noop_with_empty_axes", 0) === 1) return [];
    return Array.from({ length: rank }, (_, i) => i);
  }
  return raw.map((x) => (x < 0 ? x + rank : x));
}

/** ReduceMean (axes as attribute or, from opset 18, as a constant input; keepdims). */
export const reduceMeanOp: OpImpl = {
  opType: "ReduceMean",
  inputLayouts: (ctx) => [ctx.node.attributes.int("keepdims", 1) === 1 ? "any" : "plain"],
  forward(ctx, [x]): OpResult {
    const { tf } = ctx;
    const v = x as Value;
    const rank = ctx.inShape(0).length;
    const logicalAxes = reduceAxes(ctx, rank);
    const axes = v.layout === "cl" ? logicalAxes.map((a) => channelsLastAxis(a, rank)) : logicalAxes;
    const keep = ctx.node.attributes.int("keepdims", 1) === 1;
    if (axes.length === 0) return { outputs: [v], backward: ([dy]) => [dy] };
    const count = axes.reduce((p, a) => p * v.t.shape[a], 1);
    const y = tf.mean(v.t, axes, keep);
    const keptShape = v.t.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    return {
      outputs: [{ t: y, layout: v.layout }],
      backward: ([dy]) => [tf.broadcastTo(tf.reshape(tf.div(dy as Tensor, count), keptShape), v.t.shape)],
    };
  },
};
