import type { Tensor } from "@tensorflow/tfjs-core";
import type { OnnxExecutor } from "../onnx-executor.js";

/**
 * One plain SGD step on the mean softmax cross-entropy in train mode (batch statistics, running
 * statistics updated by the forward pass); returns the mean loss before the step.
 * @internal
 */
export function sgdStep(exe: OnnxExecutor, x: Tensor, labels: Tensor, learningRate: number): number {
  const tf = exe.tf;
  const recording = exe.record(x, "train");
  try {
    const { loss, dLogits } = exe.kernels.softmaxCrossEntropy(recording.output, labels);
    const dMean = tf.div(dLogits, x.shape[0]);
    const grads = recording.backward(dMean, { weights: true });
    for (const [name, g] of grads.weights) {
      const current = exe.params.get(name)?.tensor;
      if (!current) throw new Error(`sgdStep: no parameter '${name}'`);
      exe.params.set(
        name,
        tf.tidy(() => tf.sub(current, tf.mul(g, learningRate))),
      );
      g.dispose();
    }
    const mean = tf.mean(loss).dataSync()[0];
    tf.dispose([loss, dLogits, dMean]);
    return mean;
  } finally {
    recording.dispose();
  }
}
