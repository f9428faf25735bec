import type { ShapeRule, ShapeRuleContext } from "./shape-rule.js";
import { normalizeAxis } from "./shape-utils.js";

/** Applies ONNX pads (all begins, then all ends; negative crops) on `axes` of `x`. */
function padded(ctx: ShapeRuleContext, pads: readonly number[], axesInput?: readonly number[]): number[] {
  const x = ctx.shape(0);
  const axes = (axesInput ?? x.map((_, i) => i)).map((a) => normalizeAxis(ctx, a, x.length));
  if (pads.length !== 2 * axes.length)
    ctx.fail(`pads has ${pads.length} entries, expected ${2 * axes.length} for input [${x.join(", ")}]`);
  const out = [...x];
  axes.forEach((a, k) => {
    out[a] += pads[k] + pads[k + axes.length];
    if (out[a] < 0) ctx.fail(`pads [${pads.join(", ")}] crop axis ${a} below zero`);
  });
  return out;
}

/**
 * Pad: `paddings` attribute (opset 1), `pads` attribute (2–10), a constant `pads` input (11+),
 * plus an optional constant `axes` input (18+).
 */
export const padRules: readonly ShapeRule[] = [
  { opType: "Pad", since: 1, inferShape: (c) => [padded(c, c.attributes.ints("paddings"))] },
  { opType: "Pad", since: 2, inferShape: (c) => [padded(c, c.attributes.ints("pads"))] },
  {
    opType: "Pad",
    since: 11,
    inferShape: (c) => [padded(c, c.ints(1) ?? c.fail("the pads input is missing"))],
  },
  {
    opType: "Pad",
    since: 18,
    inferShape: (c) => [padded(c, c.ints(1) ?? c.fail("the pads input is missing"), c.ints(3))],
  },
];
