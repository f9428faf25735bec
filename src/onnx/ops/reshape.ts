import type { Shape, ShapeRule, ShapeRuleContext } from "./shape-rule.js";
import { dimProduct } from "./shape-utils.js";

/** Resolves a Reshape target: 0 copies the input dim (unless allowzero), one -1 is inferred. */
function reshaped(
  ctx: ShapeRuleContext,
  input: Shape,
  target: readonly number[],
  allowZero: boolean,
): number[] {
  const out = target.map((d, i) => {
    if (d === 0 && !allowZero) {
      if (i >= input.length) ctx.fail(`shape [${target.join(", ")}] copies dim ${i} that the input lacks`);
      return input[i];
    }
    if (!Number.isInteger(d) || d < -1) ctx.fail(`shape [${target.join(", ")}] has an invalid entry ${d}`);
    return d;
  });
  const inferred = out.indexOf(-1);
  if (out.lastIndexOf(-1) !== inferred) ctx.fail(`shape [${target.join(", ")}] has more than one -1`);
  const total = dimProduct(input);
  if (inferred >= 0) {
    const known = dimProduct(out.filter((_, i) => i !== inferred));
    if (known === 0 || total % known !== 0)
      ctx.fail(`cannot reshape [${input.join(", ")}] to [${target.join(", ")}]`);
    out[inferred] = total / known;
  }
  if (dimProduct(out) !== total) ctx.fail(`cannot reshape [${input.join(", ")}] to [${target.join(", ")}]`);
  return out;
}

const keepValues = (ctx: ShapeRuleContext) => [ctx.numbers(0) ?? []];

/** Reshape-1: target in the `shape` attribute. */
const reshape1: ShapeRule = {
  opType: "Reshape",
  since: 1,
  inferShape: (ctx) => [reshaped(ctx, ctx.shape(0), ctx.attributes.ints("shape"), false)],
  foldValues: keepValues,
};

/** Reshape-5 and later: target from the constant `shape` input; `allowzero` from opset 14. */
const reshape5: ShapeRule = {
  opType: "Reshape",
  since: 5,
  inferShape(ctx) {
    const target = ctx.ints(1);
    if (target === undefined) return ctx.fail("the shape input is missing");
    return [reshaped(ctx, ctx.shape(0), target, ctx.attributes.int("allowzero", 0) !== 0)];
  },
  foldValues: keepValues,
};

/** Reshape rules by opset. */
export const reshapeRules: readonly ShapeRule[] = [reshape1, reshape5];
