import { gatherCartesian } from "./gather-cartesian.js";
import type { ShapeRule, ShapeRuleContext } from "./shape-rule.js";
import { normalizeAxis } from "./shape-utils.js";

/** Per-axis selected indices of a Slice (ONNX clamping rules, negative steps). */
function sliceIndices(ctx: ShapeRuleContext, fromInputs: boolean): number[][] {
  const x = ctx.shape(0);
  const get = (name: string, i: number) =>
    fromInputs ? ctx.ints(i) : ctx.attributes.has(name) ? ctx.attributes.ints(name) : undefined;
  const starts = get("starts", 1) ?? ctx.fail("starts are required");
  const ends = get("ends", 2) ?? ctx.fail("ends are required");
  const axes = get("axes", 3) ?? starts.map((_, i) => i);
  const steps = (fromInputs ? ctx.ints(4) : undefined) ?? starts.map(() => 1);
  if (ends.length !== starts.length || axes.length !== starts.length || steps.length !== starts.length)
    ctx.fail("starts, ends, axes and steps differ in length");
  const perAxis = x.map((d) => Array.from({ length: d }, (_, i) => i));
  starts.forEach((s0, k) => {
    const a = normalizeAxis(ctx, axes[k], x.length);
    const d = x[a];
    const step = steps[k];
    if (step === 0) ctx.fail("slice step 0");
    let s = s0 < 0 ? s0 + d : s0;
    let e = ends[k] < 0 ? ends[k] + d : ends[k];
    s = step > 0 ? Math.min(Math.max(s, 0), d) : Math.min(Math.max(s, 0), d - 1);
    e = step > 0 ? Math.min(Math.max(e, 0), d) : Math.min(Math.max(e, -1), d - 1);
    const picked: number[] = [];
    for (let i = s; step > 0 ? i < e : i > e; i += step) picked.push(i);
    perAxis[a] = picked;
  });
  return perAxis;
}

function sliceRule(since: number, fromInputs: boolean): ShapeRule {
  return {
    opType: "Slice",
    since,
    inferShape: (ctx) => [sliceIndices(ctx, fromInputs).map((p) => p.length)],
    foldValues: (ctx) => [gatherCartesian(ctx.numbers(0) ?? [], ctx.shape(0), sliceIndices(ctx, fromInputs))],
  };
}

function gatherIndices(ctx: ShapeRuleContext): { axis: number; indices: number[] } {
  const x = ctx.shape(0);
  const axis = normalizeAxis(ctx, ctx.attributes.int("axis", 0), x.length);
  const indices = (ctx.ints(1) ?? []).map((i) => {
    if (i < -x[axis] || i >= x[axis])
      ctx.fail(`index ${i} is out of range for axis ${axis} of size ${x[axis]}`);
    return i < 0 ? i + x[axis] : i;
  });
  return { axis, indices };
}

/** Slice (attributes before opset 10, inputs after) and Gather; both fold small constants. */
export const sliceGatherRules: readonly ShapeRule[] = [
  sliceRule(1, false),
  sliceRule(10, true),
  {
    opType: "Gather",
    since: 1,
    inferShape(ctx) {
      const x = ctx.shape(0);
      const axis = normalizeAxis(ctx, ctx.attributes.int("axis", 0), x.length);
      return [[...x.slice(0, axis), ...ctx.shape(1), ...x.slice(axis + 1)]];
    },
    foldValues(ctx) {
      const x = ctx.shape(0);
      const { axis, indices } = gatherIndices(ctx);
      const perAxis = x.map((d, a) => (a === axis ? indices : Array.from({ length: d }, (_, i) => i)));
      return [gatherCartesian(ctx.numbers(0) ?? [], x, perAxis)];
    },
  },
];
