import type { Shape, ShapeRule, ShapeRuleContext } from "./shape-rule.js";
import { dimProduct, normalizeAxis } from "./shape-utils.js";

function concatShape(
  ctx: ShapeRuleContext,
  axisAttr: number,
): { out: number[]; axis: number; shapes: Shape[] } {
  const shapes = ctx.node.inputs.map((_, i) => ctx.shape(i));
  if (shapes.length === 0) ctx.fail("needs at least one input");
  const rank = shapes[0].length;
  const axis = normalizeAxis(ctx, axisAttr, rank);
  const out = [...shapes[0]];
  for (const s of shapes.slice(1)) {
    if (s.length !== rank || s.some((d, i) => i !== axis && d !== out[i]))
      ctx.fail(`inputs [${shapes.map((x) => x.join(", ")).join("] and [")}] differ off axis ${axis}`);
    out[axis] += s[axis];
  }
  return { out, axis, shapes };
}

function rule(since: number, axisDefault: number | undefined): ShapeRule {
  return {
    opType: "Concat",
    since,
    inferShape: (ctx) => [concatShape(ctx, ctx.attributes.int("axis", axisDefault)).out],
    foldValues(ctx) {
      const { axis, shapes } = concatShape(ctx, ctx.attributes.int("axis", axisDefault));
      const values = shapes.map((_, i) => ctx.numbers(i) ?? []);
      const outer = dimProduct(shapes[0], 0, axis);
      const result: number[] = [];
      for (let o = 0; o < outer; o++) {
        shapes.forEach((s, k) => {
          const block = dimProduct(s, axis);
          result.push(...values[k].slice(o * block, (o + 1) * block));
        });
      }
      return [result];
    },
  };
}

/** Concat-1 (axis defaults to 1) and Concat-4 (axis required; negative from opset 11). */
export const concatRules: readonly ShapeRule[] = [rule(1, 1), rule(4, undefined)];
