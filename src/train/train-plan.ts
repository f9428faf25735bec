import type { ImageDataset } from "../data/index.js";
import type { LinearOperatorLayer } from "../norms/linear-layer.js";
import type { CheckpointState } from "./train-checkpoint.js";
import type { TrainConfig } from "./train-config.js";

/** A validated Train request: what {@link runTraining} executes. */
export interface TrainPlan {
  /** The model to train (ONNX, training form). */
  readonly modelBytes: Uint8Array;
  /** Its linear layers, parsed once (weights replaced by the live values at each use). */
  readonly layers: readonly LinearOperatorLayer[];
  /** The model's class count (its output width). */
  readonly classes: number;
  readonly train: ImageDataset;
  readonly test?: ImageDataset;
  readonly config: TrainConfig;
  readonly stepsPerEpoch: number;
  /** Resume state from another job's checkpoint. */
  readonly resume?: {
    readonly jobId: string;
    readonly checkpoint: CheckpointState;
    readonly onnx: Uint8Array;
  };
}
