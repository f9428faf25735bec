import type { ShapeRule } from "./shape-rule.js";
import { expectRank } from "./shape-utils.js";

/**
 * BatchNormalization, any opset: Y has X's shape; the optional running/saved mean and variance
 * outputs (training_mode, or opsets < 9) are `[C]`. The scale must have C entries.
 */
export const batchNormalizationRule: ShapeRule = {
  opType: "BatchNormalization",
  since: 1,
  inferShape(ctx) {
    const x = ctx.shape(0);
    expectRank(ctx, x, 2, "input", true);
    const scale = ctx.maybeShape(1);
    if (scale && (scale.length !== 1 || scale[0] !== x[1]))
      ctx.fail(`scale has shape [${scale.join(", ")}] but the input has ${x[1]} channels`);
    return ctx.node.outputs.map((_, k) => (k === 0 ? x : [x[1]]));
  },
};
