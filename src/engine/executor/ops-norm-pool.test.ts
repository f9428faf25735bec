import { expect, it } from "vitest";
import { floatAttr } from "../../onnx/testing/onnx-builder.js";
import { singleOpModel } from "../../onnx/testing/single-op-model.js";
import { randomFloatTensor } from "../../onnx/testing/tensors.js";
import { describeWithBackends } from "../testing/describe-with-backends.js";
import { checkOp, expectClose, spreadValues } from "../testing/op-grad-check.js";
import { type RefPoolAttrs, refPool } from "../testing/reference-conv.js";
import { OnnxExecutor } from "./onnx-executor.js";
import { seededFloats } from "./testing/seeded-floats.js";

const EPS = 1e-3;
const MOMENTUM = 0.8;

function bnModel(shape: readonly number[]): Uint8Array {
  const c = shape[1];
  return singleOpModel({
    op: "BatchNormalization",
    inputs: ["x", "scale", "bias", "mean", "var"],
    data: { x: shape },
    initializers: [
      randomFloatTensor("scale", [c], 1, 0.5, 1.5),
      randomFloatTensor("bias", [c], 2),
      randomFloatTensor("mean", [c], 3, -0.2, 0.2),
      randomFloatTensor("var", [c], 4, 0.5, 1.5),
    ],
    attributes: { epsilon: floatAttr(EPS), momentum: floatAttr(MOMENTUM) },
  });
}

/** Per-channel float64 statistics of NC… data: mean and biased variance. */
function channelStats(x: ArrayLike<number>, shape: readonly number[]): { mean: number[]; biased: number[] } {
  const [n, c] = shape;
  const inner = shape.slice(2).reduce((a, b) => a * b, 1);
  const mean = Array<number>(c).fill(0);
  const biased = Array<number>(c).fill(0);
  for (let ch = 0; ch < c; ch++) {
    for (let b = 0; b < n; b++) for (let k = 0; k < inner; k++) mean[ch] += x[(b * c + ch) * inner + k];
    mean[ch] /= n * inner;
    for (let b = 0; b < n; b++)
      for (let k = 0; k < inner; k++) biased[ch] += (x[(b * c + ch) * inner + k] - mean[ch]) ** 2;
    biased[ch] /= n * inner;
  }
  return { mean, biased };
}

function bnReference(shape: readonly number[], train: boolean) {
  return (x: Float64Array, p: (name: string) => Float64Array): number[] => {
    const [, c] = shape;
    const inner = shape.slice(2).reduce((a, b) => a * b, 1);
    const stats = channelStats(x, shape);
    const mean = train ? stats.mean : Array.from(p("mean"));
    const variance = train ? stats.biased : Array.from(p("var"));
    return Array.from(x, (v, i) => {
      const ch = Math.floor(i / inner) % c;
      return ((v - mean[ch]) / Math.sqrt(variance[ch] + EPS)) * p("scale")[ch] + p("bias")[ch];
    });
  };
}

const POOL_X = [1, 2, 5, 5];

describeWithBackends("executor BatchNormalization", (env) => {
  for (const shape of [
    [4, 3],
    [2, 3, 3, 3],
  ])
    for (const mode of ["train", "eval"] as const)
      it(`x=[${shape}] mode=${mode} epsilon=${EPS}`, async () => {
        await checkOp(env, {
          model: bnModel(shape),
          inputShape: shape,
          mode,
          reference: bnReference(shape, mode === "train"),
        });
      });

  for (const shape of [
    [4, 3],
    [2, 3, 3, 3],
  ])
    it(`x=[${shape}] a train-mode forward sets running stats to m·old + (1−m)·batch (unbiased variance)`, () => {
      const { tf, kernels } = env;
      const exe = OnnxExecutor.create(bnModel(shape), { tf, kernels });
      const oldMean = Float64Array.from(exe.params.readSync("mean"));
      const oldVar = Float64Array.from(exe.params.readSync("var"));
      const x = seededFloats(
        8,
        shape.reduce((a, b) => a * b, 1),
        -1,
        2,
      );
      const xT = tf.tensor(x, shape);
      exe.forward(xT, "train").dispose();
      const count = x.length / shape[1];
      const { mean, biased } = channelStats(x, shape);
      const wantMean = mean.map((m, c) => MOMENTUM * oldMean[c] + (1 - MOMENTUM) * m);
      const wantVar = biased.map(
        (v, c) => MOMENTUM * oldVar[c] + (1 - MOMENTUM) * ((v * count) / (count - 1)),
      );
      expectClose(exe.params.readSync("mean"), wantMean, 1e-5, 1e-4, "running mean");
      expectClose(exe.params.readSync("var"), wantVar, 1e-5, 1e-4, "running var");
      // Eval mode leaves them alone.
      exe.forward(xT, "eval").dispose();
      expectClose(exe.params.readSync("mean"), wantMean, 1e-5, 1e-4, "running mean after eval");
      xT.dispose();
      exe.dispose();
    });
});

interface PoolCase {
  readonly op: "MaxPool" | "AveragePool";
  readonly x: readonly number[];
  readonly attrs: RefPoolAttrs;
}

const POOLS: PoolCase[] = [
  { op: "MaxPool", x: POOL_X, attrs: { kernel: [2, 2], strides: [2, 2] } },
  { op: "MaxPool", x: POOL_X, attrs: { kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] } },
  { op: "MaxPool", x: [1, 2, 6, 6], attrs: { kernel: [3, 3], strides: [2, 2], ceilMode: true } },
  { op: "MaxPool", x: POOL_X, attrs: { kernel: [2, 3], strides: [1, 2], pads: [0, 1, 1, 0] } },
  { op: "MaxPool", x: [2, 2, 7], attrs: { kernel: [3], strides: [2], pads: [1, 1] } },
  { op: "AveragePool", x: POOL_X, attrs: { kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] } },
  {
    op: "AveragePool",
    x: POOL_X,
    attrs: { kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], countIncludePad: true },
  },
  { op: "AveragePool", x: [1, 2, 6, 6], attrs: { kernel: [3, 3], strides: [2, 2], ceilMode: true } },
  {
    op: "AveragePool",
    x: [1, 2, 6, 6],
    attrs: { kernel: [3, 3], strides: [2, 2], pads: [1, 0, 1, 0], ceilMode: true, countIncludePad: true },
  },
  { op: "AveragePool", x: POOL_X, attrs: { kernel: [2, 2], strides: [1, 1], pads: [0, 1, 1, 0] } },
  {
    op: "AveragePool",
    x: [2, 2, 7],
    attrs: { kernel: [3], strides: [2], pads: [1, 1], countIncludePad: true },
  },
];

function poolLabel(c: PoolCase): string {
  const a = c.attrs;
  return [
    `${c.op} x=[${c.x}] k=[${a.kernel}]`,
    a.strides ? `s=[${a.strides}]` : "",
    a.pads ? `pads=[${a.pads}]` : "",
    a.ceilMode ? "ceil_mode=1" : "",
    c.op === "AveragePool" ? `count_include_pad=${a.countIncludePad ? 1 : 0}` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

describeWithBackends("executor pooling", (env) => {
  for (const c of POOLS)
    it(poolLabel(c), async () => {
      const a = c.attrs;
      const size = c.x.reduce((p, q) => p * q, 1);
      await checkOp(env, {
        model: singleOpModel({
          op: c.op,
          inputs: ["x"],
          data: { x: c.x },
          attributes: {
            kernel_shape: a.kernel,
            ...(a.strides ? { strides: a.strides } : {}),
            ...(a.pads ? { pads: a.pads } : {}),
            ...(a.ceilMode ? { ceil_mode: 1 } : {}),
            ...(c.op === "AveragePool" ? { count_include_pad: a.countIncludePad ? 1 : 0 } : {}),
          },
        }),
        inputShape: c.x,
        // Distinct values 0.05 apart: no max-pool window has a near-tie within eps.
        input: spreadValues(size, 5),
        reference: (x) => refPool(c.op === "MaxPool" ? "max" : "avg", x, c.x, a).y,
      });
    });

  it("GlobalAveragePool x=[2,3,3,4]", async () => {
    const shape = [2, 3, 3, 4];
    await checkOp(env, {
      model: singleOpModel({ op: "GlobalAveragePool", inputs: ["x"], data: { x: shape } }),
      inputShape: shape,
      reference: (x) =>
        Array.from({ length: 6 }, (_, k) => x.slice(k * 12, k * 12 + 12).reduce((p, q) => p + q) / 12),
    });
  });

  it("GlobalMaxPool x=[2,3,3,4]", async () => {
    const shape = [2, 3, 3, 4];
    await checkOp(env, {
      model: singleOpModel({ op: "GlobalMaxPool", inputs: ["x"], data: { x: shape } }),
      inputShape: shape,
      input: spreadValues(72, 6),
      reference: (x) => Array.from({ length: 6 }, (_, k) => Math.max(...x.slice(k * 12, k * 12 + 12))),
    });
  });

  it("GlobalMaxPool x=[1,1,4] with a tie splits the gradient", async () => {
    const { tf, kernels } = env;
    const exe = OnnxExecutor.create(
      singleOpModel({ op: "GlobalMaxPool", inputs: ["x"], data: { x: [1, 1, 4] } }),
      {
        tf,
        kernels,
      },
    );
    const xT = tf.tensor([1, 3, 3, 0], [1, 1, 4]);
    const rec = exe.record(xT, "train");
    const dy = tf.ones([1, 1, 1]);
    const g = rec.backward(dy, { input: true });
    expect(Array.from(g.input?.dataSync() ?? [])).toEqual([0, 0.5, 0.5, 0]);
    g.input?.dispose();
    rec.dispose();
    tf.dispose([xT, dy]);
    exe.dispose();
  });
});
