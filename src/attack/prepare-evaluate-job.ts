import type { ImageDataset } from "../data/image-dataset.js";
import { resolveDataset } from "../data/resolve-dataset.js";
import { invalidArgument, NormserveError } from "../errors/normserve-error.js";
import type { EvaluateRequest } from "../gen/normserve/v1/evaluate.js";
import { type JobInfo, JobKind, JobState } from "../gen/normserve/v1/jobs.js";
import type { PreparedJob } from "../jobs/job-runner.js";
import type { ResolvedAttack } from "./attack-types.js";
import { modelGeometry } from "./model-geometry.js";
import { resolveAttacks } from "./resolve-attacks.js";
import { runEvaluation } from "./run-evaluation.js";

/** What {@link prepareEvaluateJob} needs from the job manager. */
export interface EvaluateJobDeps {
  /** An artifact of a job (`model.onnx` of a finished Train job); undefined when absent. */
  readArtifact(jobId: string, name: string): Promise<Uint8Array | undefined>;
  /** A job's state; undefined for an unknown id. */
  jobState(jobId: string): JobInfo | undefined;
}

/** A validated Evaluate request, ready to run. @internal */
export interface EvaluatePlan {
  readonly modelBytes: Uint8Array;
  readonly data: ImageDataset;
  readonly classes: number;
  readonly attacks: readonly ResolvedAttack[];
  readonly batchSize: number;
  readonly seed: number;
  readonly cascade: boolean;
  readonly returnAdversarial: boolean;
}

const DEFAULT_BATCH = 128;

async function modelBytes(request: EvaluateRequest, deps: EvaluateJobDeps): Promise<Uint8Array> {
  const model = request.model;
  if (model?.$case === "onnxModel") {
    if (model.value.byteLength === 0) throw invalidArgument("onnx_model: empty");
    return model.value;
  }
  if (model?.$case !== "modelId") throw invalidArgument("model: one of onnx_model or model_id is required");
  const id = model.value;
  if (id === "") throw invalidArgument("model_id: empty");
  const info = deps.jobState(id);
  if (info === undefined) throw new NormserveError("NOT_FOUND", `model_id: no job '${id}'`);
  if (info.kind !== JobKind.JOB_KIND_TRAIN || info.state !== JobState.JOB_STATE_SUCCEEDED)
    throw new NormserveError("FAILED_PRECONDITION", `model_id: job '${id}' is not a finished Train job`);
  const bytes = await deps.readArtifact(id, "model.onnx");
  if (bytes === undefined) throw new NormserveError("NOT_FOUND", `model_id: job '${id}' has no model.onnx`);
  return bytes;
}

/**
 * Validates an Evaluate request before it is queued — the model (bytes or a finished Train job's
 * `model.onnx`; ops the engine runs), the data against the model's input and classes, every
 * attack (ε, norm, counts, the class-count rules) and the batch size — and returns the job.
 * @throws NormserveError INVALID_ARGUMENT naming the field, NOT_FOUND for an unknown model_id,
 *   FAILED_PRECONDITION for unsupported models.
 */
export async function prepareEvaluateJob(
  request: EvaluateRequest,
  deps: EvaluateJobDeps,
): Promise<PreparedJob> {
  const batchSize = request.batchSize === 0 ? DEFAULT_BATCH : request.batchSize;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw invalidArgument(`batch_size: must be ≥ 1, got ${request.batchSize}`);
  const bytes = await modelBytes(request, deps);
  const field = request.model?.$case === "modelId" ? "model_id" : "onnx_model";
  const { imageShape, classes } = modelGeometry(field, bytes, Math.min(batchSize, 2));
  const attacks = resolveAttacks(request, classes);
  const data = await resolveDataset("data", request.data, { imageShape, classes });
  const plan: EvaluatePlan = {
    modelBytes: bytes,
    data,
    classes,
    attacks,
    batchSize,
    seed: Number(request.seed),
    cascade: request.cascade,
    returnAdversarial: request.returnAdversarial,
  };
  const batches = Math.ceil(data.shape[0] / batchSize);
  return {
    kind: "evaluate",
    totalSteps: attacks.length * batches,
    run: (ctx) => runEvaluation(plan, ctx),
  };
}
