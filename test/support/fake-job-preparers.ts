import { NormserveError } from "../../src/errors/normserve-error.js";
import {
  AttackResult,
  EvaluateCompleted,
  type EvaluateRequest,
} from "../../src/gen/normserve/v1/evaluate.js";
import { DataType } from "../../src/gen/normserve/v1/tensor.js";
import { TrainCompleted, TrainProgress, type TrainRequest } from "../../src/gen/normserve/v1/train.js";
import type { JobPreparers } from "../../src/jobs/job-preparers.js";
import type { JobContext, PreparedJob } from "../../src/jobs/job-runner.js";

/** Bytes of the fake trained model (over the log's blob threshold, so it goes to an artifact). */
export function fakeModel(): Uint8Array {
  return Uint8Array.from({ length: 3000 }, (_, i) => i % 251);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Fake Train jobs driven by the request: `epochs` steps (default 3), `batchSize` ms per step,
 * `seed` 1: prepare fails with INVALID_ARGUMENT; 2: the run fails at step 2 with a
 * NormserveError; 3: the run throws a plain Error; 4: the run ignores its signal. Each step
 * emits `progress`; after step 1 a `checkpoint.onnx` is stored; success stores `model.onnx` and
 * emits `train_completed` with it.
 */
async function prepareFakeTrain(request: TrainRequest): Promise<PreparedJob> {
  if (request.seed === 1) throw new NormserveError("INVALID_ARGUMENT", "fake: seed 1 is not allowed");
  const steps = request.epochs || 3;
  const stepMs = request.batchSize;
  return {
    kind: "train",
    totalSteps: steps,
    modelArtifacts: ["model.onnx", "checkpoint.onnx"],
    async run(ctx: JobContext) {
      for (let step = 1; step <= steps; step++) {
        if (request.seed === 4) await new Promise((r) => setTimeout(r, stepMs));
        else await sleep(stepMs, ctx.signal);
        if (request.seed === 2 && step === 2)
          throw new NormserveError("FAILED_PRECONDITION", "loss is NaN at step 2");
        if (request.seed === 3 && step === 2) throw new Error("secret internal detail");
        ctx.emit({ $case: "progress", value: TrainProgress.fromPartial({ step, loss: 1 / step }) });
        ctx.setProgress(step, steps);
        if (step === 1) await ctx.saveArtifact("checkpoint.onnx", new Uint8Array([1, 2, 3]));
      }
      const model = fakeModel();
      await ctx.saveArtifact("model.onnx", model);
      ctx.emit({
        $case: "trainCompleted",
        value: TrainCompleted.fromPartial({ onnxModel: model, seconds: 0.1 }),
      });
    },
  };
}

/** Fake Evaluate jobs: one `attack_result` with a 4 KiB adversarial tensor, then `evaluate_completed`. */
async function prepareFakeEvaluate(request: EvaluateRequest): Promise<PreparedJob> {
  return {
    kind: "evaluate",
    totalSteps: 1,
    async run(ctx: JobContext) {
      const adversarial = {
        dtype: DataType.DATA_TYPE_FLOAT32,
        shape: [1, 1, 32, 32],
        data: new Uint8Array(4096).fill(7),
      };
      const result = AttackResult.fromPartial({ attack: "fgsm", n: 1, robust: [true], adversarial });
      ctx.emit({ $case: "attackResult", value: result });
      ctx.setProgress(1, 1);
      ctx.emit({
        $case: "evaluateCompleted",
        value: EvaluateCompleted.fromPartial({
          cleanAccuracy: 1,
          robustAccuracy: request.seed,
          results: [result],
        }),
      });
    },
  };
}

/** {@link JobPreparers} running fake jobs (tests; also used by the fake-jobs normserve process). */
export const fakeJobPreparers: JobPreparers = { train: prepareFakeTrain, evaluate: prepareFakeEvaluate };
