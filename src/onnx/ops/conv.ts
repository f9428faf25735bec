import { type ConvGeometry, makeConvGeometry } from "../../math/conv-geometry.js";
import type { NodeAttributes } from "../node-attributes.js";
import type { Shape, ShapeRule, ShapeRuleContext } from "./shape-rule.js";
import { expectRank } from "./shape-utils.js";

type AutoPad = "NOTSET" | "SAME_UPPER" | "SAME_LOWER" | "VALID";

/** Reads `auto_pad` ("" counts as NOTSET); an unknown value → INVALID_ARGUMENT. @internal */
export function readAutoPad(ctx: Pick<ShapeRuleContext, "fail">, attributes: NodeAttributes): AutoPad {
  const value = attributes.string("auto_pad", "NOTSET") || "NOTSET";
  if (value === "NOTSET" || value === "SAME_UPPER" || value === "SAME_LOWER" || value === "VALID")
    return value;
  return ctx.fail(`auto_pad '${value}' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID`);
}

/** Kernel spatial sizes from the weight, checked against `kernel_shape` when given. @internal */
export function kernelSpatialOf(
  ctx: Pick<ShapeRuleContext, "fail">,
  attributes: NodeAttributes,
  weightDims: Shape,
): number[] {
  const kernel = weightDims.slice(2);
  const declared = attributes.ints("kernel_shape", kernel);
  if (declared.length !== kernel.length || declared.some((k, i) => k !== kernel[i]))
    ctx.fail(
      `kernel_shape [${declared.join(", ")}] does not match the weight's dims [${weightDims.join(", ")}]`,
    );
  return kernel;
}

/**
 * Geometry of a Conv node on `inputShape` (`[N, C, spatial...]`) with weight dims
 * `[C_out, C_in/group, k...]`; inconsistent attributes or channels → INVALID_ARGUMENT naming the node.
 * @internal
 */
export function convNodeGeometry(
  ctx: Pick<ShapeRuleContext, "fail">,
  attributes: NodeAttributes,
  inputShape: Shape,
  weightDims: Shape,
): ConvGeometry {
  expectRank(ctx, inputShape, 3, "input", true);
  expectRank(ctx, weightDims, inputShape.length, "weight");
  const group = attributes.int("group", 1);
  if (weightDims[1] * group !== inputShape[1])
    ctx.fail(
      `input has ${inputShape[1]} channels but weight [${weightDims.join(", ")}] with group ${group} expects ${weightDims[1] * group}`,
    );
  const rank = inputShape.length - 2;
  const ones = new Array<number>(rank).fill(1);
  try {
    return makeConvGeometry({
      inChannels: inputShape[1],
      outChannels: weightDims[0],
      group,
      inputSpatial: inputShape.slice(2),
      kernelSpatial: kernelSpatialOf(ctx, attributes, weightDims),
      strides: attributes.ints("strides", ones),
      dilations: attributes.ints("dilations", ones),
      pads: attributes.ints("pads", new Array<number>(2 * rank).fill(0)),
      autoPad: readAutoPad(ctx, attributes),
    });
  } catch (error) {
    return ctx.fail(error instanceof Error ? error.message : String(error));
  }
}

/** Conv: `[N, C_out, out...]` from the geometry. */
export const convRule: ShapeRule = {
  opType: "Conv",
  since: 1,
  needsInputShape: true,
  inferShape(ctx) {
    const input = ctx.shape(0);
    const g = convNodeGeometry(ctx, ctx.attributes, input, ctx.shape(1));
    return [[input[0], g.outChannels, ...g.outputSpatial]];
  },
};
