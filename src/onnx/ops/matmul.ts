import type { ShapeRule } from "./shape-rule.js";
import { broadcastShapes } from "./shape-utils.js";

/** MatMul with numpy semantics: 1-d operands are promoted and dropped, batch axes broadcast. */
export const matMulRule: ShapeRule = {
  opType: "MatMul",
  since: 1,
  inferShape(ctx) {
    const a = ctx.shape(0);
    const b = ctx.shape(1);
    if (a.length === 0 || b.length === 0) ctx.fail("operands must have rank ≥ 1");
    const a2 = a.length === 1 ? [1, a[0]] : a;
    const b2 = b.length === 1 ? [b[0], 1] : b;
    const k = a2[a2.length - 1];
    if (k !== b2[b2.length - 2])
      ctx.fail(`inner dimensions differ: A [${a.join(", ")}], B [${b.join(", ")}]`);
    const batch = broadcastShapes(ctx, [a2.slice(0, -2), b2.slice(0, -2)]);
    const out = [...batch];
    if (a.length > 1) out.push(a2[a2.length - 2]);
    if (b.length > 1) out.push(b2[b2.length - 1]);
    return [out];
  },
};
