import type { Tensor } from "@tensorflow/tfjs-core";
import type { Batch } from "../data/index.js";
import type { OnnxExecutor } from "../engine/executor/onnx-executor.js";
import type { MomentumSgd } from "../engine/optim/momentum-sgd.js";
import { type AdversarialTraining, adversarialBatch } from "./adversarial-batch.js";
import { applyNormDecay } from "./apply-norm-decay.js";
import type { CurrentLayers } from "./current-layers.js";
import type { NormDecayConfig } from "./train-config.js";
import type { TrainDecaySession } from "./train-decay-session.js";

/** What one step needs besides the batch. */
export interface StepContext {
  readonly exe: OnnxExecutor;
  readonly sgd: MomentumSgd;
  readonly layers: CurrentLayers;
  readonly decay?: { readonly config: NormDecayConfig; readonly session: TrainDecaySession };
  readonly adversarial?: AdversarialTraining;
}

/** One step's figures. */
export interface StepOutcome {
  /** Mean loss of the batch before the update (NaN/Inf: diverged, nothing was updated). */
  readonly loss: number;
  /** Correctly classified examples of the batch. */
  readonly correct: number;
  /** Milliseconds spent in norm decay (maximiser search, subgradient, gradient update). */
  readonly decayMs: number;
}

/**
 * One training step: (FGSM/PGD adversarial inputs, the attack in eval mode seeded with
 * `attackSeed`,) train-mode forward (batch statistics, running
 * statistics updated), mean softmax cross-entropy, backward, norm decay `∇W + β·G`, then momentum
 * SGD with weight decay at rate `lr`. Every tensor it makes is disposed before it returns.
 */
export async function trainStep(
  ctx: StepContext,
  batch: Batch,
  lr: number,
  attackSeed: number,
): Promise<StepOutcome> {
  const { exe, sgd } = ctx;
  const tf = exe.tf;
  const images = ctx.adversarial ? await adversarialBatch(ctx.adversarial, batch, attackSeed) : batch.images;
  const x = tf.tensor(images, [...batch.shape], "float32");
  const y = tf.tensor1d(batch.labels, "int32");
  const owned: Tensor[] = [x, y];
  try {
    const recording = exe.record(x, "train");
    try {
      const { loss, dLogits } = exe.kernels.softmaxCrossEntropy(recording.output, y);
      owned.push(loss, dLogits);
      const output = recording.output;
      const stats = tf.tidy(() =>
        tf.stack([tf.mean(loss), tf.sum(tf.cast(tf.equal(tf.argMax(output, 1), y), "float32"))]).dataSync(),
      );
      const meanLoss = stats[0];
      if (!Number.isFinite(meanLoss)) return { loss: meanLoss, correct: 0, decayMs: 0 };
      const dMean = tf.div(dLogits, batch.shape[0]);
      owned.push(dMean);
      const grads = recording.backward(dMean, { weights: true }).weights;
      try {
        let decayMs = 0;
        if (ctx.decay !== undefined) {
          const t0 = performance.now();
          applyNormDecay(exe, ctx.layers, ctx.decay.config, ctx.decay.session, grads);
          decayMs = performance.now() - t0;
        }
        sgd.step(exe.params, grads, lr);
        return { loss: meanLoss, correct: stats[1], decayMs };
      } finally {
        for (const g of grads.values()) g.dispose();
      }
    } finally {
      recording.dispose();
    }
  } finally {
    tf.dispose(owned);
  }
}
