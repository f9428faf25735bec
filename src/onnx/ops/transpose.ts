import { permuteInto } from "../permute-array.js";
import { transposePerm } from "../transpose-perm.js";
import type { ShapeRule } from "./shape-rule.js";

/** Transpose: output axis i is input axis perm[i] (default: reversed). */
export const transposeRule: ShapeRule = {
  opType: "Transpose",
  since: 1,
  inferShape(ctx) {
    const x = ctx.shape(0);
    return [transposePerm(ctx.node, x.length).map((a) => x[a])];
  },
  foldValues(ctx) {
    const x = ctx.shape(0);
    const values = ctx.numbers(0) ?? [];
    return [permuteInto(values, x, transposePerm(ctx.node, x.length), new Array<number>(values.length))];
  },
};
