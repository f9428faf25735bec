import { expect, it } from "vitest";
import { floatAttr } from "../../onnx/testing/onnx-builder.js";
import { type SingleOpSpec, singleOpModel } from "../../onnx/testing/single-op-model.js";
import { floatTensor } from "../../onnx/testing/tensors.js";
import { describeWithBackends } from "../testing/describe-with-backends.js";
import { checkOp, spreadValues } from "../testing/op-grad-check.js";
import { OnnxExecutor } from "./onnx-executor.js";
import { seededFloats } from "./testing/seeded-floats.js";

const X = [2, 3, 4] as const;
const map = (f: (v: number) => number) => (x: Float64Array) => Array.from(x, f);
const model = (spec: Omit<SingleOpSpec, "inputs" | "data"> & { inputs?: string[] }): Uint8Array =>
  singleOpModel({ inputs: ["x"], data: { x: X }, ...spec });

describeWithBackends("executor activations", (env) => {
  // Inputs are a shuffled grid 0.05 apart, offset from the kinks by ≥ 0.013 > eps = 0.01.
  const kinkFree = spreadValues(24, 1);

  it("Relu x=[2,3,4]", async () => {
    await checkOp(env, {
      model: model({ op: "Relu" }),
      inputShape: X,
      input: kinkFree,
      reference: map((v) => Math.max(0, v)),
    });
  });

  it("LeakyRelu alpha=0.2", async () => {
    await checkOp(env, {
      model: model({ op: "LeakyRelu", attributes: { alpha: floatAttr(0.2) } }),
      inputShape: X,
      input: kinkFree,
      reference: map((v) => (v > 0 ? v : 0.2 * v)),
    });
  });

  it("Sigmoid", async () => {
    await checkOp(env, {
      model: model({ op: "Sigmoid" }),
      inputShape: X,
      reference: map((v) => 1 / (1 + Math.exp(-v))),
    });
  });

  it("Tanh", async () => {
    await checkOp(env, { model: model({ op: "Tanh" }), inputShape: X, reference: map(Math.tanh) });
  });

  it("Clip opset 6 min=-0.5 max=0.5 (attributes)", async () => {
    await checkOp(env, {
      model: model({ op: "Clip", opset: 6, attributes: { min: floatAttr(-0.5), max: floatAttr(0.5) } }),
      inputShape: X,
      input: kinkFree,
      reference: map((v) => Math.min(0.5, Math.max(-0.5, v))),
    });
  });

  it("Clip opset 13 min=-0.5 max=0.5 (constant inputs)", async () => {
    await checkOp(env, {
      model: model({
        op: "Clip",
        inputs: ["x", "lo", "hi"],
        initializers: [floatTensor("lo", [], [-0.5]), floatTensor("hi", [], [0.5])],
      }),
      inputShape: X,
      input: kinkFree,
      reference: map((v) => Math.min(0.5, Math.max(-0.5, v))),
    });
  });

  it("Clip opset 13 max only (min omitted)", async () => {
    await checkOp(env, {
      model: model({ op: "Clip", inputs: ["x", "", "hi"], initializers: [floatTensor("hi", [], [0.3])] }),
      inputShape: X,
      input: kinkFree,
      reference: map((v) => Math.min(0.3, v)),
    });
  });

  it("HardSigmoid alpha=0.5 beta=0.6", async () => {
    // Kinks at x = −1.2 and 0.8; the grid (0.1 apart, offset 0.013) stays clear of both.
    await checkOp(env, {
      model: model({ op: "HardSigmoid", attributes: { alpha: floatAttr(0.5), beta: floatAttr(0.6) } }),
      inputShape: X,
      input: spreadValues(24, 2, 0.1),
      reference: map((v) => Math.max(0, Math.min(1, 0.5 * v + 0.6))),
    });
  });

  it("HardSwish opset 14 over [-3.6, 3.6]", async () => {
    await checkOp(env, {
      model: model({ op: "HardSwish", opset: 14 }),
      inputShape: X,
      input: spreadValues(24, 3, 0.3),
      reference: map((v) => v * Math.max(0, Math.min(1, v / 6 + 0.5))),
    });
  });

  it("Identity", async () => {
    await checkOp(env, { model: model({ op: "Identity" }), inputShape: X, reference: map((v) => v) });
  });

  it("Dropout ratio=0.5 eval: identity", async () => {
    await checkOp(env, {
      model: model({ op: "Dropout", attributes: { ratio: floatAttr(0.5) }, opset: 7 }),
      inputShape: X,
      reference: map((v) => v),
    });
  });

  it("Dropout opset 13 ratio=0.25 train: kept values scaled by 4/3, seeded", async () => {
    const bytes = model({
      op: "Dropout",
      inputs: ["x", "ratio"],
      initializers: [floatTensor("ratio", [], [0.25])],
    });
    const x = seededFloats(5, 24, 0.5, 1.5);
    const r = await checkOp(env, { model: bytes, inputShape: X, input: x, mode: "train", seed: 42 });
    let kept = 0;
    r.output.forEach((y, i) => {
      if (y !== 0) {
        kept++;
        expect(y).toBeCloseTo(x[i] / 0.75, 5);
      }
      // The gradient is the same mask, scaled.
      expect(r.dx[i] === 0).toBe(y === 0);
    });
    expect(kept).toBeGreaterThan(8);
    expect(kept).toBeLessThan(24);
    // Same seed, same masks; the stream moves on between calls.
    const { tf, kernels } = env;
    const run = (seed: number, times: number): Float32Array[] => {
      const exe = OnnxExecutor.create(bytes, { tf, kernels, seed });
      const xT = tf.tensor(x, [...X]);
      const outs = Array.from({ length: times }, () => {
        const y = exe.forward(xT, "train");
        const d = Float32Array.from(y.dataSync());
        y.dispose();
        return d;
      });
      xT.dispose();
      exe.dispose();
      return outs;
    };
    const [a1, a2] = run(42, 2);
    const [b1] = run(42, 1);
    const [c1] = run(43, 1);
    expect(b1).toEqual(a1);
    expect(a1).toEqual(r.output);
    expect(a2).not.toEqual(a1);
    expect(c1).not.toEqual(a1);
  });
});
