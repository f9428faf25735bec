import type { OnnxExecutor } from "../engine/executor/onnx-executor.js";
import type { TfNamespace } from "../engine/kernels/tfjs-kernels.js";

/** Per-example losses of a batch of logits and the gradient of their sum with respect to the logits. */
export interface LossValues {
  /** [n] per-example loss. */
  readonly loss: Float32Array;
  /** [n, classes] gradient of Σ loss with respect to the logits. */
  readonly dLogits: Float32Array;
}

/** A loss over `n × classes` row-major logits with labels `y`. */
export type AttackLoss = (logits: Float32Array, y: Int32Array, classes: number) => LossValues;

/** Logits, per-example losses and input gradients of one batch. */
export interface LossGradient {
  readonly logits: Float32Array;
  readonly loss: Float32Array;
  /** Gradient of Σ loss with respect to the input: each example gets the gradient of its own loss. */
  readonly grad: Float32Array;
}

/**
 * The model as the attacks see it: logits and input gradients of a loss for a batch of images in
 * [0, 1] (N×C×H×W, row-major), evaluated in eval mode. Always batched.
 */
export interface ModelOracle {
  readonly classes: number;
  /** `[C, H, W]` of one image. */
  readonly imageShape: readonly [number, number, number];
  /** Logits `[n, classes]` of `n` images. */
  logits(x: Float32Array, n: number): Float32Array;
  /** Logits, per-example `loss` and the input gradient of Σ loss. */
  lossGradient(x: Float32Array, y: Int32Array, loss: AttackLoss): LossGradient;
}

/**
 * A {@link ModelOracle} on the engine's executor (eval mode). The loss and its logit gradient are
 * computed on the host (the logits are tiny), then one backward pass gives the input gradient.
 */
export function createModelOracle(
  exe: OnnxExecutor,
  tf: TfNamespace,
  imageShape: readonly [number, number, number],
  classes: number,
): ModelOracle {
  const size = imageShape[0] * imageShape[1] * imageShape[2];
  const toTensor = (x: Float32Array, n: number) =>
    tf.tensor(x.subarray(0, n * size), [n, ...imageShape], "float32");
  return {
    classes,
    imageShape,
    logits(x, n) {
      const input = toTensor(x, n);
      try {
        const out = exe.forward(input, "eval");
        const values = out.dataSync() as Float32Array;
        out.dispose();
        return Float32Array.from(values);
      } finally {
        input.dispose();
      }
    },
    lossGradient(x, y, loss) {
      const n = y.length;
      const input = toTensor(x, n);
      const rec = exe.record(input, "eval");
      try {
        const logits = Float32Array.from(rec.output.dataSync() as Float32Array);
        const values = loss(logits, y, classes);
        const dOut = tf.tensor(values.dLogits, [n, classes], "float32");
        try {
          const { input: g } = rec.backward(dOut, { input: true });
          const grad = g ? Float32Array.from(g.dataSync() as Float32Array) : new Float32Array(n * size);
          g?.dispose();
          return { logits, loss: values.loss, grad };
        } finally {
          dOut.dispose();
        }
      } finally {
        rec.dispose();
        input.dispose();
      }
    },
  };
}
