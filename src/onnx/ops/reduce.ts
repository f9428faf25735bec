import type { Shape, ShapeRule, ShapeRuleContext } from "./shape-rule.js";
import { normalizeAxis } from "./shape-utils.js";

function reduced(
  ctx: ShapeRuleContext,
  x: Shape,
  axes: readonly number[] | undefined,
  noopIfEmpty: boolean,
): number[] {
  const keep = ctx.attributes.int("keepdims", 1) !== 0;
  if ((axes === undefined || axes.length === 0) && noopIfEmpty) return [...x];
  const set = new Set(
    (axes === undefined || axes.length === 0 ? x.map((_, i) => i) : axes).map((a) =>
      normalizeAxis(ctx, a, x.length),
    ),
  );
  return keep ? x.map((d, i) => (set.has(i) ? 1 : d)) : x.filter((_, i) => !set.has(i));
}

function attrAxes(ctx: ShapeRuleContext): number[] | undefined {
  return ctx.attributes.has("axes") ? ctx.attributes.ints("axes") : undefined;
}

/** Reduce ops: `axes` attribute until `inputSince`, then an optional constant input with `noop_with_empty_axes`. */
function reduceRules(opType: string, inputSince: number): ShapeRule[] {
  return [
    { opType, since: 1, inferShape: (c) => [reduced(c, c.shape(0), attrAxes(c), false)] },
    {
      opType,
      since: inputSince,
      inferShape: (c) => [
        reduced(c, c.shape(0), c.ints(1), c.attributes.int("noop_with_empty_axes", 0) !== 0),
      ],
    },
  ];
}

/** ReduceMean, ReduceMax, ReduceMin (axes input from opset 18) and ReduceSum (from 13); keepdims. */
export const reduceShapeRules: readonly ShapeRule[] = [
  ...reduceRules("ReduceMean", 18),
  ...reduceRules("ReduceMax", 18),
  ...reduceRules("ReduceMin", 18),
  ...reduceRules("ReduceSum", 13),
];
