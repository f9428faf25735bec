import type { Shape, ShapeRuleContext } from "./shape-rule.js";

/** The part of a rule context that reports errors. @internal */
export type Failer = Pick<ShapeRuleContext, "fail">;

/** Maps a possibly negative axis into `[0, rank)`; out of range → INVALID_ARGUMENT. @internal */
export function normalizeAxis(ctx: Failer, axis: number, rank: number, what = "axis"): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank)
    ctx.fail(`${what} ${axis} is out of range for rank ${rank}`);
  return a;
}

/** Numpy-style multidirectional broadcast of shapes; incompatible dims → INVALID_ARGUMENT. @internal */
export function broadcastShapes(ctx: Failer, shapes: readonly Shape[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let k = 1; k <= s.length; k++) {
      const d = s[s.length - k];
      const o = out[rank - k];
      if (d === o || d === 1) continue;
      if (o === 1) out[rank - k] = d;
      else ctx.fail(`shapes [${shapes.map((x) => x.join(", ")).join("] and [")}] do not broadcast`);
    }
  }
  return out;
}

/** Product of `shape[from..to)`. @internal */
export function dimProduct(shape: Shape, from = 0, to = shape.length): number {
  let n = 1;
  for (let i = from; i < to; i++) n *= shape[i];
  return n;
}

/** Fails unless `shape` has exactly (or, with `min`, at least) `rank` axes. @internal */
export function expectRank(ctx: Failer, shape: Shape, rank: number, what: string, min = false): void {
  if (min ? shape.length < rank : shape.length !== rank)
    ctx.fail(`${what} has shape [${shape.join(", ")}], expected ${min ? "at least " : ""}rank ${rank}`);
}
