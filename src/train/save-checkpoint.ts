import { exportOnnx } from "../engine/executor/export-onnx.js";
import type { OnnxExecutor } from "../engine/executor/onnx-executor.js";
import type { MomentumSgd } from "../engine/optim/momentum-sgd.js";
import type { EpochSummary } from "../gen/normserve/v1/train.js";
import type { JobContext } from "../jobs/job-runner.js";
import { CHECKPOINT_JSON, CHECKPOINT_ONNX, CHECKPOINT_STATE, encodeCheckpoint } from "./train-checkpoint.js";
import type { TrainDecaySession } from "./train-decay-session.js";

/** Where a checkpoint stands. */
export interface CheckpointPosition {
  readonly epoch: number;
  readonly step: number;
  readonly seed: number;
  readonly epochs: EpochSummary[];
}

/**
 * Saves an epoch checkpoint: the model (inference-form ONNX, the original initializer names),
 * the momentum buffers, norm-decay state and the executor's random stream, then `checkpoint.json`
 * last, which commits it.
 */
export async function saveCheckpoint(
  ctx: JobContext,
  exe: OnnxExecutor,
  sgd: MomentumSgd,
  session: TrainDecaySession,
  position: CheckpointPosition,
): Promise<void> {
  const velocity = new Map<string, Float32Array>();
  for (const [name, v] of sgd.buffers()) {
    const plain = exe.params.toOnnxLayout(name, v);
    velocity.set(name, Float32Array.from(plain.dataSync() as Float32Array));
    if (plain !== v) plain.dispose();
  }
  const { json, state } = encodeCheckpoint(
    {
      ...position,
      rng: {
        shuffleAndAugment: `(seed ${position.seed}, epoch)`,
        dropoutState: exe.randomState,
      },
    },
    velocity,
    session.save(),
  );
  await ctx.saveArtifact(CHECKPOINT_ONNX, await exportOnnx(exe));
  await ctx.saveArtifact(CHECKPOINT_STATE, state);
  await ctx.saveArtifact(CHECKPOINT_JSON, json);
}
