import { batches, type ImageDataset } from "../data/index.js";
import type { OnnxExecutor } from "../engine/executor/onnx-executor.js";

/** Mean loss and accuracy over a dataset. */
export interface EvalResult {
  readonly loss: number;
  readonly accuracy: number;
}

/**
 * Mean softmax cross-entropy and accuracy of the model in eval mode (batch norm with the running
 * statistics) over `data`, in dataset order. Yields to the event loop between batches, so health
 * checks, watchers and CancelJob are served during a long test set, and then checks `signal`.
 */
export async function evaluateDataset(
  exe: OnnxExecutor,
  data: ImageDataset,
  batchSize: number,
  signal: AbortSignal,
): Promise<EvalResult> {
  const tf = exe.tf;
  let lossSum = 0;
  let correct = 0;
  for (const batch of batches(data, { batchSize })) {
    await new Promise((resolve) => setImmediate(resolve));
    signal.throwIfAborted();
    const [sumLoss, hits] = tf.tidy(() => {
      const x = tf.tensor(batch.images, [...batch.shape], "float32");
      const y = tf.tensor1d(batch.labels, "int32");
      const logits = exe.forward(x, "eval");
      const { loss, dLogits } = exe.kernels.softmaxCrossEntropy(logits, y);
      dLogits.dispose();
      const hit = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), "float32"));
      return tf.stack([tf.sum(loss), hit]).dataSync();
    });
    lossSum += sumLoss;
    correct += hits;
  }
  const n = data.shape[0];
  return { loss: lossSum / n, accuracy: correct / n };
}
