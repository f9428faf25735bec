import { broadcastIndices } from "./broadcast-index.js";
import type { ShapeRule, ShapeRuleContext } from "./shape-rule.js";
import { broadcastShapes } from "./shape-utils.js";

function inputShapes(ctx: ShapeRuleContext) {
  return ctx.node.inputs.map((_, i) => ctx.shape(i));
}

/** Folds an exact elementwise op (Add/Sub/Mul/Max/Min) over small constant inputs. */
function fold(combine: (a: number, b: number) => number) {
  return (ctx: ShapeRuleContext): number[][] => {
    const shapes = inputShapes(ctx);
    const out = broadcastShapes(ctx, shapes);
    const values = ctx.node.inputs.map((_, i) => ctx.numbers(i) ?? []);
    const maps = shapes.map((s) => broadcastIndices(s, out));
    const result = maps[0].map((j) => values[0][j]);
    for (let k = 1; k < values.length; k++) {
      for (let e = 0; e < result.length; e++) result[e] = combine(result[e], values[k][maps[k][e]]);
    }
    return [result];
  };
}

const FOLDABLE: Readonly<Record<string, (a: number, b: number) => number>> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Max: Math.max,
  Min: Math.min,
};

/**
 * Numpy-broadcasting elementwise ops (Add, Sub, Mul, Div, Pow from opset 7; variadic Max, Min,
 * Sum, Mean from opset 8; older opsets used a different broadcast and have no rule). Exact ones
 * also fold small constants (shape arithmetic); Div does not, its integer rounding depends on dtype.
 */
export const broadcastRules: readonly ShapeRule[] = (
  [
    ["Add", 7],
    ["Sub", 7],
    ["Mul", 7],
    ["Div", 7],
    ["Pow", 7],
    ["Max", 8],
    ["Min", 8],
    ["Sum", 8],
    ["Mean", 8],
  ] as const
).map(([opType, since]) => ({
  opType,
  since,
  inferShape: (ctx: ShapeRuleContext) => [broadcastShapes(ctx, inputShapes(ctx))],
  ...(FOLDABLE[opType] ? { foldValues: fold(FOLDABLE[opType]) } : {}),
}));
