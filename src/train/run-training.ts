import { createModelOracle } from "../attack/model-oracle.js";
import { batches } from "../data/index.js";
import { exportOnnx } from "../engine/executor/export-onnx.js";
import { OnnxExecutor } from "../engine/executor/onnx-executor.js";
import { MomentumSgd } from "../engine/optim/momentum-sgd.js";
import { NormserveError } from "../errors/normserve-error.js";
import type { EpochSummary } from "../gen/normserve/v1/train.js";
import type { JobContext } from "../jobs/job-runner.js";
import { FrequencyPool } from "../math/parallel/frequency-pool.js";
import { applyBnProjection, applySvc } from "./apply-constraints.js";
import { CurrentLayers } from "./current-layers.js";
import { evaluateDataset } from "./evaluate-dataset.js";
import { learningRateAt } from "./lr-schedule.js";
import { layerNormsSnapshot } from "./norm-snapshot.js";
import { restoreCheckpoint } from "./restore-checkpoint.js";
import { saveCheckpoint } from "./save-checkpoint.js";
import { MODEL_ONNX } from "./train-checkpoint.js";
import { TrainDecaySession } from "./train-decay-session.js";
import type { TrainPlan } from "./train-plan.js";
import { trainStep } from "./train-step.js";

/** Seed of the executor's dropout stream for a run starting at `epoch` (0: the request's seed). */
function dropoutSeed(seed: number, epoch: number): number {
  return (seed + Math.imul(epoch, 0x9e3779b1)) >>> 0;
}

/** Statistics folded into one progress event or epoch summary. */
class Window {
  loss = 0;
  correct = 0;
  examples = 0;
  steps = 0;
  start = performance.now();
  add(loss: number, correct: number, examples: number): void {
    this.loss += loss;
    this.correct += correct;
    this.examples += examples;
    this.steps++;
  }
}

/**
 * The training loop of a Train job (DESIGN §2 and §4): seeded epochs of shuffled, augmented
 * batches; each step train-mode forward, mean cross-entropy, backward, norm decay, momentum SGD
 * with weight decay at the scheduled rate; SVC every k steps and BN projection every step;
 * `progress`, `norms`, `epoch` and `train_completed` events; a checkpoint after every epoch and
 * `model.onnx` at the end. A non-finite loss throws FAILED_PRECONDITION before anything is
 * updated or saved, so the last good checkpoint stays. `ctx.signal` is checked every step.
 */
export async function runTraining(plan: TrainPlan, ctx: JobContext): Promise<void> {
  const began = performance.now();
  const { config, train, test, stepsPerEpoch, resume } = plan;
  const { tf, kernels } = ctx.engine;
  const firstEpoch = resume ? resume.checkpoint.index.epoch + 1 : 0;
  const exe = OnnxExecutor.create(plan.modelBytes, {
    tf,
    kernels,
    seed: dropoutSeed(config.seed, firstEpoch),
  });
  const sgd = new MomentumSgd(tf, {
    momentum: config.momentum,
    weightDecay: config.weightDecay,
    nesterov: config.nesterov,
  });
  // SVC runs on worker threads (started on first use) so the event loop stays free meanwhile.
  const svcPool = config.svc ? new FrequencyPool() : undefined;
  try {
    const layers = CurrentLayers.create(plan.layers, exe.params);
    const session = new TrainDecaySession();
    let step = 0;
    const summaries: EpochSummary[] = [];
    if (resume) {
      restoreCheckpoint(exe, sgd, session, resume.onnx, resume.checkpoint, config.normDecay?.momentum ?? 0);
      step = resume.checkpoint.index.step;
      summaries.push(...resume.checkpoint.index.epochs);
    }
    const totalSteps = config.epochs * stepsPerEpoch;
    const decay = config.normDecay ? { config: config.normDecay, session } : undefined;
    const [, c, h, w] = train.shape;
    const adversarial = config.adversarial && {
      attack: config.adversarial,
      oracle: createModelOracle(exe, tf, [c, h, w], plan.classes),
      signal: ctx.signal,
    };
    const stepCtx = { exe, sgd, layers, decay, adversarial };
    let lastCheckpointEpoch = firstEpoch - 1;
    let lastNormsStep = -1;
    const emitNorms = () => {
      ctx.emit({ $case: "norms", value: { step, layers: layerNormsSnapshot(layers.read(exe.params)) } });
      lastNormsStep = step;
    };
    for (let epoch = firstEpoch; epoch < config.epochs; epoch++) {
      const epochStart = performance.now();
      const epochStats = new Window();
      let window = new Window();
      let lr = config.learningRate;
      for (const batch of batches(train, {
        batchSize: config.batchSize,
        shuffle: true,
        seed: config.seed,
        epoch,
        augmentation: config.augmentation,
      })) {
        ctx.signal.throwIfAborted();
        lr = learningRateAt(config.learningRate, config.schedule, step, epoch);
        const outcome = await trainStep(stepCtx, batch, lr, dropoutSeed(config.seed ^ 0x5bd1e995, step));
        if (!Number.isFinite(outcome.loss)) {
          const kept =
            lastCheckpointEpoch >= 0
              ? `last good checkpoint is epoch ${lastCheckpointEpoch}`
              : "no checkpoint was saved yet";
          throw new NormserveError(
            "FAILED_PRECONDITION",
            `training diverged at step ${step} (loss ${outcome.loss}); ${kept}`,
          );
        }
        step++;
        if (config.svc !== undefined && step % config.svc.everySteps === 0)
          await applySvc(exe, layers, config.svc.clipTo, ctx.signal, svcPool as FrequencyPool);
        if (config.bnRadius !== undefined) applyBnProjection(exe, layers, config.bnRadius);
        const b = batch.shape[0];
        window.add(outcome.loss * b, outcome.correct, b);
        epochStats.add(outcome.loss * b, outcome.correct, b);
        if (step % config.progressEverySteps === 0) {
          const seconds = (performance.now() - window.start) / 1000;
          ctx.emit({
            $case: "progress",
            value: {
              epoch,
              step,
              loss: window.loss / window.examples,
              accuracy: window.correct / window.examples,
              learningRate: lr,
              examplesPerSecond: seconds > 0 ? window.examples / seconds : 0,
            },
          });
          window = new Window();
        }
        if (config.normsEverySteps > 0 && step % config.normsEverySteps === 0) emitNorms();
        ctx.setProgress(step, totalSteps);
        // Let cancellation and watchers in between steps.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const evaluated = test ? await evaluateDataset(exe, test, config.batchSize, ctx.signal) : undefined;
      const summary: EpochSummary = {
        epoch,
        trainLoss: epochStats.loss / Math.max(1, epochStats.examples),
        trainAccuracy: epochStats.correct / Math.max(1, epochStats.examples),
        testLoss: evaluated?.loss,
        testAccuracy: evaluated?.accuracy,
        seconds: (performance.now() - epochStart) / 1000,
      };
      summaries.push(summary);
      // Checkpoint first: a client that sees the epoch event can rely on resuming from it.
      await saveCheckpoint(ctx, exe, sgd, session, { epoch, step, seed: config.seed, epochs: summaries });
      lastCheckpointEpoch = epoch;
      ctx.emit({ $case: "epoch", value: summary });
      if (config.normsEverySteps === 0) emitNorms();
    }
    if (lastNormsStep !== step) emitNorms();
    const onnxModel = await exportOnnx(exe);
    await ctx.saveArtifact(MODEL_ONNX, onnxModel);
    ctx.emit({
      $case: "trainCompleted",
      value: {
        onnxModel,
        epochs: summaries,
        finalNorms: layerNormsSnapshot(layers.read(exe.params)),
        seconds: (performance.now() - began) / 1000,
      },
    });
  } finally {
    sgd.dispose();
    exe.dispose();
    await svcPool?.close();
  }
}
