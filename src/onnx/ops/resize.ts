import type { Shape, ShapeRule, ShapeRuleContext } from "./shape-rule.js";
import { normalizeAxis } from "./shape-utils.js";

/** `floor(d · scale)` in float32 arithmetic, as ONNX shape inference does. */
function scaledDim(d: number, scale: number): number {
  return Math.floor(Math.fround(d * scale));
}

function byScales(
  ctx: ShapeRuleContext,
  x: Shape,
  scales: readonly number[],
  axes: readonly number[],
): number[] {
  if (scales.length !== axes.length)
    ctx.fail(`scales has ${scales.length} entries, expected ${axes.length} for input [${x.join(", ")}]`);
  if (scales.some((s) => !(s > 0))) ctx.fail(`scales [${scales.join(", ")}] must be positive`);
  const out = [...x];
  axes.forEach((a, k) => {
    out[a] = scaledDim(x[a], scales[k]);
  });
  return out;
}

function bySizes(
  ctx: ShapeRuleContext,
  x: Shape,
  sizes: readonly number[],
  axes: readonly number[],
): number[] {
  if (sizes.length !== axes.length)
    ctx.fail(`sizes has ${sizes.length} entries, expected ${axes.length} for input [${x.join(", ")}]`);
  const out = [...x];
  const policy = ctx.attributes.string("keep_aspect_ratio_policy", "stretch");
  if (policy === "stretch") {
    axes.forEach((a, k) => {
      out[a] = sizes[k];
    });
    return out;
  }
  if (policy !== "not_larger" && policy !== "not_smaller")
    ctx.fail(`keep_aspect_ratio_policy '${policy}' is not stretch, not_larger or not_smaller`);
  const ratios = axes.map((a, k) => sizes[k] / x[a]);
  const scale = policy === "not_larger" ? Math.min(...ratios) : Math.max(...ratios);
  for (const a of axes) out[a] = Math.round(scale * x[a]);
  return out;
}

function resize(ctx: ShapeRuleContext, withAxes: boolean): number[][] {
  const x = ctx.shape(0);
  const all = x.map((_, i) => i);
  const axes =
    withAxes && ctx.attributes.has("axes")
      ? ctx.attributes.ints("axes").map((a) => normalizeAxis(ctx, a, x.length))
      : all;
  const sizes = ctx.ints(3);
  if (sizes !== undefined && sizes.length > 0) return [bySizes(ctx, x, sizes, axes)];
  const scales = ctx.numbers(2);
  if (scales === undefined || scales.length === 0) return ctx.fail("needs scales or sizes");
  if (ctx.attributes.string("coordinate_transformation_mode", "half_pixel") === "tf_crop_and_resize") {
    const roi = ctx.numbers(1) ?? [];
    if (roi.length !== 2 * axes.length)
      ctx.fail(`roi has ${roi.length} entries, expected ${2 * axes.length}`);
    const out = [...x];
    axes.forEach((a, k) => {
      out[a] = scaledDim(x[a], (roi[k + axes.length] - roi[k]) * scales[k]);
    });
    return [out];
  }
  return [byScales(ctx, x, scales, axes)];
}

/** Scales as the second input (Resize-10, Upsample-9). */
function scalesInput(ctx: ShapeRuleContext): number[][] {
  const x = ctx.shape(0);
  return [
    byScales(
      ctx,
      x,
      ctx.numbers(1) ?? ctx.fail("the scales input is missing"),
      x.map((_, i) => i),
    ),
  ];
}

/**
 * Resize (10: scales input; 11+: roi/scales/sizes, tf_crop_and_resize; 18+: axes and
 * keep_aspect_ratio_policy) and Upsample (7: scales attribute; 9: scales input). Outputs are
 * `floor(d · scale)` or the constant sizes.
 */
export const resizeRules: readonly ShapeRule[] = [
  { opType: "Resize", since: 10, inferShape: scalesInput },
  { opType: "Resize", since: 11, inferShape: (c) => resize(c, false) },
  { opType: "Resize", since: 18, inferShape: (c) => resize(c, true) },
  {
    opType: "Upsample",
    since: 7,
    inferShape(ctx) {
      const x = ctx.shape(0);
      return [
        byScales(
          ctx,
          x,
          ctx.attributes.floats("scales"),
          x.map((_, i) => i),
        ),
      ];
    },
  },
  { opType: "Upsample", since: 9, inferShape: scalesInput },
];
