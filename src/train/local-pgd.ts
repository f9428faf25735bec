import type { Tensor } from "@tensorflow/tfjs-core";
import type { OnnxExecutor } from "../engine/executor/onnx-executor.js";
import type { AdversarialConfig } from "./train-config.js";

/**
 * L∞ PGD (FGSM = one step of size ε without random start) for adversarial training, Madry et al.
 * TEMPORARY: the Evaluate issue's attack code (src/attack) replaces this file; there must be one
 * PGD in the end.
 *
 * The attack runs the model in EVAL mode (batch norm with the running statistics, no dropout), so
 * the attack's forward passes neither update the running statistics nor depend on the rest of
 * the batch; the training step that follows runs in train mode on the adversarial batch. (Madry's
 * reference runs the attack in train mode; eval mode is the other common choice and keeps the BN
 * statistics those of the adversarial training batches only.)
 *
 * Returns a new tensor (caller disposes); `x` and `labels` are left alone. `seed` drives the
 * random start.
 */
export function localPgd(
  exe: OnnxExecutor,
  x: Tensor,
  labels: Tensor,
  config: AdversarialConfig,
  seed: number,
): Tensor {
  const tf = exe.tf;
  let adv = config.randomStart
    ? tf.tidy(() =>
        tf.clipByValue(tf.add(x, tf.randomUniform(x.shape, -config.eps, config.eps, "float32", seed)), 0, 1),
      )
    : x.clone();
  for (let k = 0; k < config.steps; k++) {
    const recording = exe.record(adv, "eval");
    try {
      const { loss, dLogits } = exe.kernels.softmaxCrossEntropy(recording.output, labels);
      const grads = recording.backward(dLogits, { input: true });
      const g = grads.input;
      for (const w of grads.weights.values()) w.dispose();
      tf.dispose([loss, dLogits]);
      if (g === undefined) throw new Error("localPgd: no input gradient");
      const prev = adv;
      adv = tf.tidy(() => {
        const stepped = tf.add(prev, tf.mul(tf.sign(g), config.stepSize));
        const delta = tf.clipByValue(tf.sub(stepped, x), -config.eps, config.eps);
        return tf.clipByValue(tf.add(x, delta), 0, 1);
      });
      prev.dispose();
      g.dispose();
    } finally {
      recording.dispose();
    }
  }
  return adv;
}
