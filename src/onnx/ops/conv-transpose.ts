import type { ConvGeometry } from "../../math/conv-geometry.js";
import { makeConvTransposeAdjointGeometry } from "../../math/conv-transpose-geometry.js";
import type { NodeAttributes } from "../node-attributes.js";
import { kernelSpatialOf, readAutoPad } from "./conv.js";
import type { Shape, ShapeRule, ShapeRuleContext } from "./shape-rule.js";
import { expectRank } from "./shape-utils.js";

/**
 * Adjoint convolution of a ConvTranspose node on `inputShape` (`[N, C_in, spatial...]`) with weight
 * `[C_in, C_out/group, k...]`: its input is the ConvTranspose output, its output the ConvTranspose
 * input. Honours output_padding, output_shape and auto_pad. Bad attributes → INVALID_ARGUMENT.
 * @internal
 */
export function convTransposeNodeGeometry(
  ctx: Pick<ShapeRuleContext, "fail">,
  attributes: NodeAttributes,
  inputShape: Shape,
  weightDims: Shape,
): ConvGeometry {
  expectRank(ctx, inputShape, 3, "input", true);
  expectRank(ctx, weightDims, inputShape.length, "weight");
  const group = attributes.int("group", 1);
  if (weightDims[0] !== inputShape[1])
    ctx.fail(
      `input has ${inputShape[1]} channels but weight [${weightDims.join(", ")}] expects ${weightDims[0]}`,
    );
  const rank = inputShape.length - 2;
  const ones = new Array<number>(rank).fill(1);
  const zeros = new Array<number>(rank).fill(0);
  // output_shape may list all axes [N, C, spatial...]; only the spatial tail matters.
  const outputShape = attributes.has("output_shape")
    ? attributes.ints("output_shape").slice(-rank)
    : undefined;
  try {
    return makeConvTransposeAdjointGeometry({
      inChannels: inputShape[1],
      outChannels: weightDims[1] * group,
      group,
      inputSpatial: inputShape.slice(2),
      kernelSpatial: kernelSpatialOf(ctx, attributes, weightDims),
      strides: attributes.ints("strides", ones),
      dilations: attributes.ints("dilations", ones),
      pads: attributes.ints("pads", [...zeros, ...zeros]),
      outputPadding: attributes.ints("output_padding", zeros),
      outputShape,
      autoPad: readAutoPad(ctx, attributes),
    });
  } catch (error) {
    return ctx.fail(error instanceof Error ? error.message : String(error));
  }
}

/** ConvTranspose: `[N, C_out, out...]`, the adjoint convolution's input size. */
export const convTransposeRule: ShapeRule = {
  opType: "ConvTranspose",
  since: 1,
  needsInputShape: true,
  inferShape(ctx) {
    const input = ctx.shape(0);
    const adjoint = convTransposeNodeGeometry(ctx, ctx.attributes, input, ctx.shape(1));
    return [[input[0], adjoint.inChannels, ...adjoint.inputSpatial]];
  },
};
