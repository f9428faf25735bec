import { checkTensor } from "../checked-tensor.js";
import { decodeNumericTensor } from "../initializer-data.js";
import type { ShapeRule, ShapeRuleContext } from "./shape-rule.js";

/** Shape's `[start, end)` window over the input's axes (start/end attributes from opset 15). */
function window(ctx: ShapeRuleContext): number[] {
  const x = ctx.shape(0);
  const clamp = (v: number) => Math.min(x.length, Math.max(0, v < 0 ? v + x.length : v));
  return x.slice(clamp(ctx.attributes.int("start", 0)), clamp(ctx.attributes.int("end", x.length)));
}

function constantOfShapeTarget(ctx: ShapeRuleContext): number[] {
  const dims = ctx.ints(0) ?? ctx.fail("the shape input is missing");
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) ctx.fail(`shape [${dims.join(", ")}] is invalid`);
  return dims;
}

/**
 * Shape (folds to the input's dims once those are known) and ConstantOfShape (a constant shape
 * input; folds to its `value`, default 0). They let PyTorch's shape arithmetic (flatten, pads)
 * reach the Reshape or Pad that consumes it.
 */
export const shapeOfRules: readonly ShapeRule[] = [
  {
    opType: "Shape",
    since: 1,
    inferShape: (ctx) => [[window(ctx).length]],
    foldValues: (ctx) => [window(ctx)],
  },
  {
    opType: "ConstantOfShape",
    since: 9,
    inferShape: (ctx) => [constantOfShapeTarget(ctx)],
    foldValues(ctx) {
      const size = constantOfShapeTarget(ctx).reduce((a, b) => a * b, 1);
      const t = ctx.attributes.tensor("value");
      const fill = t ? (decodeNumericTensor(checkTensor(t, `${ctx.node.label} value`))[0] ?? 0) : 0;
      return [new Array<number>(size).fill(fill)];
    },
  },
];
