import type { Tensor } from "@tensorflow/tfjs-core";
import { failedPrecondition } from "../../../errors/normserve-error.js";
import { type ConvGeometry, makeConvGeometry } from "../../../math/conv-geometry.js";
import { makeConvTransposeAdjointGeometry } from "../../../math/conv-transpose-geometry.js";
import type { Conv2dParams } from "../../kernels/kernels.js";
import type { OpContext, OpImpl, OpResult } from "../op-impl.js";
import { nhwc, type Value } from "../value.js";

type AutoPad = "NOTSET" | "SAME_UPPER" | "SAME_LOWER" | "VALID";

function spatialRank(ctx: OpContext): number {
  const rank = ctx.inShape(0).length - 2;
  if (rank !== 1 && rank !== 2)
    throw failedPrecondition(
      `${ctx.node.label}: only 1-d and 2-d convolutions run on the engine (got ${rank}-d)`,
    );
  return rank;
}

/** 2-d kernel parameters of an N-d (N = 1, 2) geometry whose pads are all ≥ 0. */
function conv2dParams(g: ConvGeometry): Conv2dParams {
  if (g.kernelSpatial.length === 1)
    return {
      strides: [1, g.strides[0]],
      dilations: [1, g.dilations[0]],
      pads: [0, g.padsBegin[0], 0, g.padsEnd[0]],
      groups: g.group,
    };
  return {
    strides: [g.strides[0], g.strides[1]],
    dilations: [g.dilations[0], g.dilations[1]],
    pads: [g.padsBegin[0], g.padsBegin[1], g.padsEnd[0], g.padsEnd[1]],
    groups: g.group,
  };
}

const to4d = (ctx: OpContext, t: Tensor, logical: readonly number[]): Tensor =>
  logical.length === 3 ? ctx.tf.reshape(t, nhwc(logical)) : t;
const from4d = (ctx: OpContext, t: Tensor, logical: readonly number[]): Tensor =>
  logical.length === 3 ? ctx.tf.reshape(t, [logical[0], logical[2], logical[1]]) : t;

function convGeometry(ctx: OpContext): ConvGeometry {
  const x = ctx.inShape(0);
  const w = ctx.inShape(1);
  const a = ctx.node.attributes;
  return makeConvGeometry({
    inChannels: x[1],
    outChannels: w[0],
    group: a.int("group", 1),
    inputSpatial: x.slice(2),
    kernelSpatial: w.slice(2),
    strides: a.ints("strides", []),
    dilations: a.ints("dilations", []),
    pads: a.ints("pads", []),
    autoPad: a.string("auto_pad", "NOTSET") as AutoPad,
  });
}

/** ONNX Conv (1-d and 2-d, groups, dilations, asymmetric pads, auto_pad). */
export const convOp: OpImpl = {
  opType: "Conv",
  inputLayouts: () => ["cl", "hwio", "plain"],
  forward(ctx, [x, w, b]): OpResult {
    spatialRank(ctx);
    const { kernels } = ctx;
    const params = conv2dParams(convGeometry(ctx));
    const xShape = ctx.inShape(0);
    const yShape = ctx.outShape(0);
    const x4 = to4d(ctx, (x as Value).t, xShape);
    const filter = (w as Value).t;
    let y4 = kernels.conv2d(x4, filter, params);
    if (b) y4 = kernels.biasAdd(y4, b.t);
    const y = from4d(ctx, y4, yShape);
    return {
      outputs: [{ t: y, layout: "cl" }],
      saved: [x4],
      backward: ([dy], need) => {
        const dy4 = to4d(ctx, dy as Tensor, yShape);
        const dx = need[0]
          ? from4d(ctx, kernels.conv2dBackpropInput(dy4, filter, nhwc(xShape), params), xShape)
          : undefined;
        const dw = need[1] ? kernels.conv2dBackpropFilter(x4, dy4, filter.shape, params) : undefined;
        const db = b && need[2] ? kernels.biasAddGrad(dy4) : undefined;
        return [dx, dw, db];
      },
    };
  },
};

/** ONNX ConvTranspose (1-d and 2-d): the input-gradient of its adjoint convolution. */
export const convTransposeOp: OpImpl = {
  opType: "ConvTranspose",
  inputLayouts: () => ["cl", "hwio", "plain"],
  forward(ctx, [x, w, b]): OpResult {
    spatialRank(ctx);
    const { tf, kernels } = ctx;
    const xShape = ctx.inShape(0);
    const wShape = ctx.inShape(1);
    const yShape = ctx.outShape(0);
    const a = ctx.node.attributes;
    const group = a.int("group", 1);
    const g = makeConvTransposeAdjointGeometry({
      inChannels: xShape[1],
      outChannels: wShape[1] * group,
      group,
      inputSpatial: xShape.slice(2),
      kernelSpatial: wShape.slice(2),
      strides: a.ints("strides", []),
      dilations: a.ints("dilations", []),
      pads: a.ints("pads", []),
      outputPadding: a.ints("output_padding", []),
      outputShape: a.ints("output_shape", []),
      autoPad: a.string("auto_pad", "NOTSET") as AutoPad,
    });
    // Negative adjoint pads are output elements no input reaches: run on the reachable part
    // (pads clamped to 0) and put zeros around it.
    const cropBegin = g.padsBegin.map((p) => Math.max(0, -p));
    const cropEnd = g.padsEnd.map((p) => Math.max(0, -p));
    const cropped = g.padsBegin.some((p) => p < 0) || g.padsEnd.some((p) => p < 0);
    const inner = cropped
      ? {
          ...g,
          padsBegin: g.padsBegin.map((p) => Math.max(0, p)),
          padsEnd: g.padsEnd.map((p) => Math.max(0, p)),
          inputSpatial: g.inputSpatial.map((s, i) => s - cropBegin[i] - cropEnd[i]),
        }
      : g;
    const params = conv2dParams(inner);
    const innerY = [yShape[0], yShape[1], ...inner.inputSpatial];
    const filter = (w as Value).t;
    const x4 = to4d(ctx, (x as Value).t, xShape);
    const cropPads4 = (t: Tensor, fill: boolean): Tensor => {
      if (!cropped) return t;
      const [hb, wb] = cropBegin.length === 1 ? [0, cropBegin[0]] : cropBegin;
      const [he, we] = cropEnd.length === 1 ? [0, cropEnd[0]] : cropEnd;
      if (fill)
        return tf.pad(t, [
          [0, 0],
          [hb, he],
          [wb, we],
          [0, 0],
        ]);
      return tf.slice(t, [0, hb, wb, 0], nhwc(innerY));
    };
    let y4 = cropPads4(kernels.conv2dBackpropInput(x4, filter, nhwc(innerY), params), true);
    if (b) y4 = kernels.biasAdd(y4, b.t);
    const y = from4d(ctx, y4, yShape);
    return {
      outputs: [{ t: y, layout: "cl" }],
      saved: [x4],
      backward: ([dy], need) => {
        const dy4 = to4d(ctx, dy as Tensor, yShape);
        const dyInner = cropPads4(dy4, false);
        const dx = need[0] ? from4d(ctx, kernels.conv2d(dyInner, filter, params), xShape) : undefined;
        const dw = need[1] ? kernels.conv2dBackpropFilter(dyInner, x4, filter.shape, params) : undefined;
        const db = b && need[2] ? kernels.biasAddGrad(dy4) : undefined;
        return [dx, dw, db];
      },
    };
  },
};
