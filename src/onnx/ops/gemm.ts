import type { ShapeRule } from "./shape-rule.js";
import { expectRank } from "./shape-utils.js";

/** Gemm `Y = α·A'·B' + β·C`: `[M, N]` with A' `[M, K]`, B' `[K, N]` (transA / transB). */
export const gemmRule: ShapeRule = {
  opType: "Gemm",
  since: 1,
  inferShape(ctx) {
    const a = ctx.shape(0);
    const b = ctx.shape(1);
    expectRank(ctx, a, 2, "A");
    expectRank(ctx, b, 2, "B");
    const [m, ka] = ctx.attributes.int("transA", 0) ? [a[1], a[0]] : [a[0], a[1]];
    const [kb, n] = ctx.attributes.int("transB", 0) ? [b[1], b[0]] : [b[0], b[1]];
    if (ka !== kb)
      ctx.fail(`A' is [${m}, ${ka}] but B' is [${kb}, ${n}] (A [${a.join(", ")}], B [${b.join(", ")}])`);
    return [[m, n]];
  },
};
