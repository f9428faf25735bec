import type { Tensor } from "@tensorflow/tfjs-core";
import { expect, it } from "vitest";
import { NormserveError } from "../../errors/normserve-error.js";
import { buildModel, node } from "../../onnx/testing/onnx-builder.js";
import { randomFloatTensor } from "../../onnx/testing/tensors.js";
import { buildZooModel } from "../../onnx/zoo/index.js";
import { describeWithBackends } from "../testing/describe-with-backends.js";
import { OnnxExecutor } from "./onnx-executor.js";
import { seededFloats } from "./testing/seeded-floats.js";

/** The error `f` throws (fails when it returns). */
function thrown(f: () => unknown): NormserveError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(NormserveError);
    return error as NormserveError;
  }
  return expect.fail("expected a NormserveError");
}

const N = 4;
const CLASSES = 5;
const SHAPE = [N, 1, 8, 8];

describeWithBackends("executor errors and leaks", (env) => {
  it("throws FAILED_PRECONDITION naming the node and op for an unsupported op (Einsum)", () => {
    const { tf, kernels } = env;
    const bytes = buildModel({
      inputs: [{ name: "x", shape: [2, 3] }],
      nodes: [
        node("Relu", ["x"], ["r"], {}, "relu0"),
        node("Einsum", ["r"], ["y"], { equation: "ij->ji" }, "my_einsum"),
      ],
    });
    const exe = OnnxExecutor.create(bytes, { tf, kernels });
    const x = tf.ones([2, 3]);
    const e = thrown(() => exe.forward(x));
    expect(e.code).toBe("FAILED_PRECONDITION");
    expect(e.message).toContain("Einsum node 'my_einsum'");
    expect(e.message).toContain("not supported by the engine");
    expect(thrown(() => exe.record(x, "train")).code).toBe("FAILED_PRECONDITION");
    x.dispose();
    exe.dispose();
  });

  it("throws FAILED_PRECONDITION for LSTM", () => {
    const { tf, kernels } = env;
    const bytes = buildModel({
      inputs: [{ name: "x", shape: [2, 1, 3] }],
      nodes: [node("LSTM", ["x", "W", "R"], ["y"], { hidden_size: 2 }, "rnn")],
      initializers: [randomFloatTensor("W", [1, 8, 3], 1), randomFloatTensor("R", [1, 8, 2], 2)],
    });
    const exe = OnnxExecutor.create(bytes, { tf, kernels });
    const x = tf.ones([2, 1, 3]);
    const e = thrown(() => exe.forward(x));
    expect(e.code).toBe("FAILED_PRECONDITION");
    expect(e.message).toContain("LSTM node 'rnn'");
    x.dispose();
    exe.dispose();
  });

  it("throws INVALID_ARGUMENT for an int32 input, in forward and record", () => {
    const { tf, kernels } = env;
    const exe = OnnxExecutor.create(
      buildModel({ inputs: [{ name: "x", shape: [2, 3] }], nodes: [node("Relu", ["x"], ["y"])] }),
      {
        tf,
        kernels,
      },
    );
    const x = tf.ones([2, 3], "int32");
    for (const f of [() => exe.forward(x), () => exe.record(x, "eval")]) {
      const e = thrown(f);
      expect(e.code).toBe("INVALID_ARGUMENT");
      expect(e.message).toBe("input 'x' must be float32, got int32");
    }
    x.dispose();
    exe.dispose();
  });

  it(`small_cnn x=[${SHAPE}]: 5 SGD steps leave tensor and native handle counts flat after step 1`, () => {
    const { tf, kernels } = env;
    const bytes = buildZooModel("small_cnn", {
      inputHeight: 8,
      inputWidth: 8,
      widthMultiplier: 0.25,
      classes: CLASSES,
    });
    const exe = OnnxExecutor.create(bytes, { tf, kernels, seed: 1 });
    const x = tf.tensor(seededFloats(3, N * 64), SHAPE);
    const labels = tf.tensor1d([0, 1, 2, 3], "int32");
    const counts: { tensors: number; handles: number }[] = [];
    const losses: number[] = [];
    for (let step = 0; step < 5; step++) {
      const rec = exe.record(x, "train");
      try {
        const { loss, dLogits } = kernels.softmaxCrossEntropy(rec.output, labels);
        losses.push(Array.from(loss.dataSync() as Float32Array).reduce((a, b) => a + b, 0) / N);
        const grads = rec.backward(dLogits, { weights: true });
        for (const [name, g] of grads.weights) {
          const p = exe.params.get(name)?.tensor as Tensor;
          exe.params.set(
            name,
            tf.tidy(() => tf.sub(p, tf.mul(g, 0.1 / N))),
          );
          g.dispose();
        }
        tf.dispose([loss, dLogits]);
      } finally {
        rec.dispose();
      }
      // Every backend counts its data ids: tfjs-node one per native TFE_TensorHandle (its tensorMap).
      counts.push({ tensors: tf.memory().numTensors, handles: tf.backend().numDataIds() });
    }
    // Step 1 may create constant caches (int32 shape operands of the native conv backprops).
    for (let s = 2; s < 5; s++) expect(counts[s], `after step ${s + 1}`).toEqual(counts[1]);
    expect(losses[4]).toBeLessThan(losses[0]);
    tf.dispose([x, labels]);
    exe.dispose();
  });
});
