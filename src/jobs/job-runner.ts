import type { BackendInfo } from "../engine/backend/backend-info.js";
import type { Kernels } from "../engine/kernels/kernels.js";
import type { TfNamespace } from "../engine/kernels/tfjs-kernels.js";
import type { JobEvent } from "../gen/normserve/v1/jobs.js";

/** The payload of one job event (JobEvent's oneof), without id and sequence number. */
export type JobEventPayload = NonNullable<JobEvent["event"]>;

/** The compute engine a job runs on: the active tfjs backend and its kernels. */
export interface JobEngine {
  readonly tf: TfNamespace;
  readonly kernels: Kernels;
  readonly backend: BackendInfo;
}

/**
 * What a running job may do. The job store behind it writes every event to the job's JSON-lines
 * log before fanning it out, and artifacts as files under the job's directory in `--data-dir`.
 */
export interface JobContext {
  readonly jobId: string;
  /** Aborted by CancelJob or server shutdown; loops check it between steps and stop quickly. */
  readonly signal: AbortSignal;
  readonly engine: JobEngine;
  /** Appends an event to the job's log and sends it to every watcher. */
  emit(event: JobEventPayload): void;
  /** Reports progress for GetJob / ListJobs (no event). */
  setProgress(step: number, totalSteps: number): void;
  /** Stores an artifact of this job (e.g. `checkpoint.onnx`, `checkpoint.json`, `model.onnx`). */
  saveArtifact(name: string, bytes: Uint8Array): Promise<void>;
  /** Reads an artifact of any job (resume, `model_id`); undefined when it does not exist. */
  readArtifact(jobId: string, name: string): Promise<Uint8Array | undefined>;
}

/**
 * A validated job, ready to queue. `prepare*` functions (src/train, src/attack) build one from a
 * request and throw INVALID_ARGUMENT / FAILED_PRECONDITION / NOT_FOUND before anything is queued;
 * `run` does the work and emits the events after `started`, which the job manager emits itself
 * (with `totalSteps`). A `run` that throws makes the job FAILED with the error's message (a
 * NormserveError's message is shown as is, anything else as "internal error"); an aborted
 * signal makes it CANCELLED.
 */
export interface PreparedJob {
  readonly kind: "train" | "evaluate";
  /** Steps the job will run (for `started` and progress). */
  readonly totalSteps: number;
  /** The job this one resumes (Train `resume_from`), if any. */
  readonly resumedFrom?: string;
  /** First step (resume), default 0. */
  readonly startStep?: number;
  /** The stored artifact that GetJob(include_model) returns ("model.onnx", else the latest checkpoint). */
  readonly modelArtifacts?: readonly string[];
  run(ctx: JobContext): Promise<void>;
}
