import { OnnxDataType } from "../onnx-data-type.js";
import type { ShapeRule, ShapeRuleContext } from "./shape-rule.js";

const INTEGER_TYPES = new Set<number>([
  OnnxDataType.INT8,
  OnnxDataType.INT16,
  OnnxDataType.INT32,
  OnnxDataType.INT64,
  OnnxDataType.UINT8,
  OnnxDataType.UINT16,
  OnnxDataType.UINT32,
  OnnxDataType.UINT64,
]);

function cast(ctx: ShapeRuleContext): number[][] {
  const to = ctx.attributes.int("to");
  const values = ctx.numbers(0) ?? [];
  if (to === OnnxDataType.BOOL) return [values.map((v) => (v !== 0 ? 1 : 0))];
  if (INTEGER_TYPES.has(to)) return [values.map((v) => Math.trunc(v))];
  if (to === OnnxDataType.FLOAT) return [values.map((v) => Math.fround(v))];
  return [values];
}

/** Identity and Cast: same shape; both fold small constants (Cast truncates to integer types). */
export const identityCastRules: readonly ShapeRule[] = [
  { opType: "Identity", since: 1, inferShape: (c) => [c.shape(0)], foldValues: (c) => [c.numbers(0) ?? []] },
  { opType: "Cast", since: 1, inferShape: (c) => [c.shape(0)], foldValues: cast },
];
