import type { Shape, ShapeRule, ShapeRuleContext } from "./shape-rule.js";
import { normalizeAxis } from "./shape-utils.js";

function squeezed(ctx: ShapeRuleContext, x: Shape, axes: readonly number[] | undefined): number[] {
  if (axes === undefined || axes.length === 0) return x.filter((d) => d !== 1);
  const drop = new Set(axes.map((a) => normalizeAxis(ctx, a, x.length)));
  for (const a of drop) if (x[a] !== 1) ctx.fail(`cannot squeeze axis ${a} of size ${x[a]}`);
  return x.filter((_, i) => !drop.has(i));
}

function unsqueezed(ctx: ShapeRuleContext, x: Shape, axes: readonly number[] | undefined): number[] {
  if (axes === undefined) return ctx.fail("axes are required");
  const rank = x.length + axes.length;
  const insert = new Set(axes.map((a) => normalizeAxis(ctx, a, rank)));
  if (insert.size !== axes.length) ctx.fail(`axes [${axes.join(", ")}] repeat an axis`);
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) out.push(insert.has(i) ? 1 : x[k++]);
  return out;
}

const keepValues = (ctx: ShapeRuleContext) => [ctx.numbers(0) ?? []];

const attrAxes = (ctx: ShapeRuleContext) =>
  ctx.attributes.has("axes") ? ctx.attributes.ints("axes") : undefined;

/** Squeeze/Unsqueeze: `axes` attribute before opset 13, a constant `axes` input from 13 on. */
export const squeezeRules: readonly ShapeRule[] = [
  {
    opType: "Squeeze",
    since: 1,
    inferShape: (c) => [squeezed(c, c.shape(0), attrAxes(c))],
    foldValues: keepValues,
  },
  {
    opType: "Squeeze",
    since: 13,
    inferShape: (c) => [squeezed(c, c.shape(0), c.ints(1))],
    foldValues: keepValues,
  },
  {
    opType: "Unsqueeze",
    since: 1,
    inferShape: (c) => [unsqueezed(c, c.shape(0), c.attributes.ints("axes"))],
    foldValues: keepValues,
  },
  {
    opType: "Unsqueeze",
    since: 13,
    inferShape: (c) => [unsqueezed(c, c.shape(0), c.ints(1))],
    foldValues: keepValues,
  },
];
