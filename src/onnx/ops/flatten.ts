import type { ShapeRule } from "./shape-rule.js";
import { dimProduct } from "./shape-utils.js";

/** Flatten: `[prod(d[0..axis)), prod(d[axis..))]`, axis default 1 (negative from opset 11). */
export const flattenRule: ShapeRule = {
  opType: "Flatten",
  since: 1,
  inferShape(ctx) {
    const x = ctx.shape(0);
    let axis = ctx.attributes.int("axis", 1);
    if (axis < 0) axis += x.length;
    if (axis < 0 || axis > x.length)
      ctx.fail(`axis ${ctx.attributes.int("axis", 1)} is out of range for rank ${x.length}`);
    return [[dimProduct(x, 0, axis), dimProduct(x, axis)]];
  },
  foldValues: (ctx) => [ctx.numbers(0) ?? []],
};
