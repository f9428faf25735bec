import { readAutoPad } from "./conv.js";
import type { ShapeRule, ShapeRuleContext } from "./shape-rule.js";
import { expectRank } from "./shape-utils.js";

/**
 * Output size of one pooling axis. ceil_mode follows PyTorch and ONNX ≥ 1.16: a last window
 * that would start inside the end padding is dropped.
 */
function pooledSize(
  ctx: ShapeRuleContext,
  axis: number,
  size: number,
  extent: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  ceilMode: boolean,
): number {
  const span = size + padBegin + padEnd - extent;
  if (span < 0)
    ctx.fail(`pooling window ${extent} exceeds padded input ${size + padBegin + padEnd} on axis ${axis}`);
  if (!ceilMode) return Math.floor(span / stride) + 1;
  let out = Math.ceil(span / stride) + 1;
  if ((out - 1) * stride >= size + padBegin) out--;
  return out;
}

/** Shape rule shared by MaxPool, AveragePool and LpPool (kernel_shape required). */
function poolShape(ctx: ShapeRuleContext): number[][] {
  const input = ctx.shape(0);
  expectRank(ctx, input, 3, "input", true);
  const rank = input.length - 2;
  const a = ctx.attributes;
  const kernel = a.ints("kernel_shape");
  const strides = a.ints("strides", new Array<number>(rank).fill(1));
  const dilations = a.ints("dilations", new Array<number>(rank).fill(1));
  const pads = a.ints("pads", new Array<number>(2 * rank).fill(0));
  const ceilMode = a.int("ceil_mode", 0) !== 0;
  const autoPad = readAutoPad(ctx, a);
  if (
    kernel.length !== rank ||
    strides.length !== rank ||
    dilations.length !== rank ||
    pads.length !== 2 * rank
  )
    ctx.fail(`kernel_shape/strides/dilations/pads do not match ${rank} spatial axes`);
  if (
    [...kernel, ...strides, ...dilations].some((v) => !Number.isInteger(v) || v < 1) ||
    pads.some((p) => p < 0)
  )
    ctx.fail("kernel_shape, strides and dilations must be ≥ 1 and pads ≥ 0");
  const out = input.slice(0, 2);
  for (let i = 0; i < rank; i++) {
    const size = input[2 + i];
    const extent = (kernel[i] - 1) * dilations[i] + 1;
    if (autoPad === "SAME_UPPER" || autoPad === "SAME_LOWER") out.push(Math.ceil(size / strides[i]));
    else if (autoPad === "VALID") out.push(pooledSize(ctx, i, size, extent, strides[i], 0, 0, false));
    else out.push(pooledSize(ctx, i, size, extent, strides[i], pads[i], pads[i + rank], ceilMode));
  }
  // MaxPool's optional Indices output has the output's shape.
  return [out, out];
}

/** MaxPool, AveragePool, LpPool (pads, auto_pad, dilations, ceil_mode). */
export const poolRules: readonly ShapeRule[] = ["MaxPool", "AveragePool", "LpPool"].map((opType) => ({
  opType,
  since: 1,
  inferShape: poolShape,
}));

/** GlobalAveragePool, GlobalMaxPool, GlobalLpPool: `[N, C, 1, ...]`. */
export const globalPoolRules: readonly ShapeRule[] = [
  "GlobalAveragePool",
  "GlobalMaxPool",
  "GlobalLpPool",
].map((opType) => ({
  opType,
  since: 1,
  inferShape(ctx) {
    const input = ctx.shape(0);
    expectRank(ctx, input, 3, "input", true);
    return [[input[0], input[1], ...input.slice(2).map(() => 1)]];
  },
}));
