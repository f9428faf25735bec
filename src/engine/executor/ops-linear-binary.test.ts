import { it } from "vitest";
import { buildModel, floatAttr, node } from "../../onnx/testing/onnx-builder.js";
import { singleOpModel } from "../../onnx/testing/single-op-model.js";
import { randomFloatTensor } from "../../onnx/testing/tensors.js";
import { describeWithBackends } from "../testing/describe-with-backends.js";
import { checkOp } from "../testing/op-grad-check.js";
import { refConv } from "../testing/reference-conv.js";

/** Float64 matrix product of row-major [batch…, m, k] · [k, n] (b broadcast) or batched b. */
function matmul(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  batch: number,
  m: number,
  k: number,
  n: number,
  bBatched: boolean,
) {
  const y = new Float64Array(batch * m * n);
  for (let t = 0; t < batch; t++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) s += a[(t * m + i) * k + q] * b[((bBatched ? t : 0) * k + q) * n + j];
        y[(t * m + i) * n + j] = s;
      }
  return y;
}

const transpose2d = (v: ArrayLike<number>, r: number, c: number): Float64Array =>
  Float64Array.from({ length: r * c }, (_, i) => v[(i % r) * c + Math.floor(i / r)]);

/** Numpy broadcast of a binary op over row-major data. */
function broadcast(
  a: ArrayLike<number>,
  as: readonly number[],
  b: ArrayLike<number>,
  bs: readonly number[],
  f: (x: number, y: number) => number,
): Float64Array {
  const rank = Math.max(as.length, bs.length);
  const pa = [...Array(rank - as.length).fill(1), ...as];
  const pb = [...Array(rank - bs.length).fill(1), ...bs];
  const out = pa.map((d, i) => Math.max(d, pb[i]));
  const y = new Float64Array(out.reduce((p, q) => p * q, 1));
  const idx = (shape: number[], coords: number[]) =>
    coords.reduce((acc, c, i) => acc * shape[i] + (shape[i] === 1 ? 0 : c), 0);
  for (let flat = 0; flat < y.length; flat++) {
    const coords: number[] = [];
    let rest = flat;
    for (let i = rank - 1; i >= 0; i--) {
      coords[i] = rest % out[i];
      rest = Math.floor(rest / out[i]);
    }
    y[flat] = f(a[idx(pa, coords)], b[idx(pb, coords)]);
  }
  return y;
}

interface GemmCase {
  readonly a: readonly number[];
  readonly b: readonly number[];
  readonly c?: readonly number[];
  readonly transA?: number;
  readonly transB?: number;
  readonly alpha?: number;
  readonly beta?: number;
}

const GEMMS: GemmCase[] = [
  { a: [3, 4], b: [4, 5], c: [5] },
  { a: [4, 3], b: [4, 5], c: [5], transA: 1 },
  { a: [3, 4], b: [5, 4], c: [1, 5], transB: 1 },
  { a: [4, 3], b: [5, 4], c: [3, 1], transA: 1, transB: 1, alpha: 0.5, beta: 2 },
  { a: [3, 4], b: [4, 5], c: [3, 5], alpha: 1.5, beta: 0.25 },
  { a: [3, 4], b: [4, 5] },
];

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const BINARY: Record<string, (x: number, y: number) => number> = {
  Add: (x, y) => x + y,
  Sub: (x, y) => x - y,
  Mul: (x, y) => x * y,
  Div: (x, y) => x / y,
};
const X = [2, 3, 3, 3];
const CONV_W = [3, 3, 3, 3];

describeWithBackends("executor Gemm and MatMul", (env) => {
  for (const g of GEMMS) {
    const name = `Gemm A=[${g.a}] B=[${g.b}] C=${g.c ? `[${g.c}]` : "none"} transA=${g.transA ?? 0} transB=${g.transB ?? 0} alpha=${g.alpha ?? 1} beta=${g.beta ?? 1}`;
    it(name, async () => {
      const attributes = {
        ...(g.transA ? { transA: 1 } : {}),
        ...(g.transB ? { transB: 1 } : {}),
        ...(g.alpha !== undefined ? { alpha: floatAttr(g.alpha) } : {}),
        ...(g.beta !== undefined ? { beta: floatAttr(g.beta) } : {}),
      };
      const [m, k] = g.transA ? [g.a[1], g.a[0]] : g.a;
      const n = g.transB ? g.b[0] : g.b[1];
      await checkOp(env, {
        model: singleOpModel({
          op: "Gemm",
          inputs: g.c ? ["x", "w", "c"] : ["x", "w"],
          data: { x: g.a },
          initializers: [randomFloatTensor("w", g.b, 1), ...(g.c ? [randomFloatTensor("c", g.c, 2)] : [])],
          attributes,
        }),
        inputShape: g.a,
        reference: (x, p) => {
          const a = g.transA ? transpose2d(x, g.a[0], g.a[1]) : x;
          const b = g.transB ? transpose2d(p("w"), g.b[0], g.b[1]) : p("w");
          const ab = matmul(a, b, 1, m, k, n, false);
          if (!g.c) return ab.map((v) => v * (g.alpha ?? 1));
          return broadcast(ab, [m, n], p("c"), g.c, (u, c) => (g.alpha ?? 1) * u + (g.beta ?? 1) * c);
        },
      });
    });
  }

  for (const [xs, ws] of [
    [
      [3, 4],
      [4, 2],
    ],
    [
      [2, 3, 4],
      [4, 2],
    ],
    [
      [2, 3, 4],
      [2, 4, 2],
    ],
  ])
    it(`MatMul x=[${xs}] w=[${ws}]`, async () => {
      await checkOp(env, {
        model: singleOpModel({
          op: "MatMul",
          inputs: ["x", "w"],
          data: { x: xs },
          initializers: [randomFloatTensor("w", ws, 3)],
        }),
        inputShape: xs,
        noAutodiff:
          xs.length !== ws.length
            ? "tfjs's BatchMatMul gradient does not sum over broadcast batch dims (shape error)"
            : undefined,
        reference: (x, p) =>
          matmul(x, p("w"), xs.length === 3 ? xs[0] : 1, xs[xs.length - 2], 4, 2, ws.length === 3),
      });
    });
});

describeWithBackends("executor Add/Sub/Mul/Div", (env) => {
  const conv = (x: Float64Array, p: (n: string) => Float64Array) =>
    refConv(x, X, p("w"), CONV_W, undefined, { pads: [1, 1, 1, 1] }).y;
  const convNode = node("Conv", ["x", "w"], ["conv"], { pads: [1, 1, 1, 1] });
  const w = randomFloatTensor("w", CONV_W, 5);
  for (const [op, f] of Object.entries(BINARY)) {
    // Divisors stay in [0.5, 1.5] (constants) or (0.26, 0.74) (sigmoids of inputs in [−1, 1]).
    const k = randomFloatTensor("k", [3, 1, 1], 6, 0.5, 1.5);
    it(`${op} x=[${X}] with a per-channel [3,1,1] constant (plain)`, async () => {
      await checkOp(env, {
        model: singleOpModel({ op, inputs: ["x", "k"], data: { x: X }, initializers: [k] }),
        inputShape: X,
        reference: (x, p) => broadcast(x, X, p("k"), [3, 1, 1], f),
      });
    });

    it(`${op} Conv(x) (channels-last) with a per-channel [3,1,1] constant`, async () => {
      await checkOp(env, {
        model: buildModel({
          inputs: [{ name: "x", shape: X }],
          nodes: [convNode, node(op, ["conv", "k"], ["y"])],
          initializers: [w, k],
        }),
        inputShape: X,
        reference: (x, p) => broadcast(conv(x, p), X, p("k"), [3, 1, 1], f),
      });
    });

    it(`${op} Conv(x) (channels-last) with Sigmoid(x) (plain, same shape)`, async () => {
      await checkOp(env, {
        model: buildModel({
          inputs: [{ name: "x", shape: X }],
          nodes: [convNode, node("Sigmoid", ["x"], ["s"]), node(op, ["conv", "s"], ["y"])],
          initializers: [w],
        }),
        inputShape: X,
        reference: (x, p) => broadcast(conv(x, p), X, Array.from(x, sigmoid), X, f),
      });
    });

    it(`${op} Sigmoid(ReduceMean(x, [2,3])) [2,3,1,1] with Conv(x): a broadcast activation first`, async () => {
      await checkOp(env, {
        model: buildModel({
          inputs: [{ name: "x", shape: X }],
          nodes: [
            convNode,
            node("ReduceMean", ["x"], ["m"], { axes: [2, 3], keepdims: 1 }),
            node("Sigmoid", ["m"], ["s"]),
            node(op, op === "Div" ? ["conv", "s"] : ["s", "conv"], ["y"]),
          ],
          initializers: [w],
        }),
        inputShape: X,
        reference: (x, p) => {
          const s = Array.from({ length: 6 }, (_, i) =>
            sigmoid(x.slice(i * 9, i * 9 + 9).reduce((a, b) => a + b) / 9),
          );
          return op === "Div"
            ? broadcast(conv(x, p), X, s, [2, 3, 1, 1], f)
            : broadcast(s, [2, 3, 1, 1], conv(x, p), X, f);
        },
      });
    });
  }
});
