import { batchCount } from "../data/index.js";
import { resolveDataset } from "../data/resolve-dataset.js";
import { compileExecutionPlan } from "../engine/executor/execution-plan.js";
import { invalidArgument, NormserveError } from "../errors/normserve-error.js";
import { type JobInfo, JobKind, JobState } from "../gen/normserve/v1/jobs.js";
import type { TrainRequest } from "../gen/normserve/v1/train.js";
import type { PreparedJob } from "../jobs/job-runner.js";
import { decodeModelProto } from "../onnx/decode-model-proto.js";
import { indexGraph } from "../onnx/graph-index.js";
import { parseOnnxModel } from "../onnx/parse-onnx-model.js";
import { buildZooModel, ZOO_MODELS, type ZooModelName } from "../onnx/zoo/index.js";
import { checkStoredWeights } from "./check-stored-weights.js";
import { runTraining } from "./run-training.js";
import {
  CHECKPOINT_JSON,
  CHECKPOINT_ONNX,
  CHECKPOINT_STATE,
  decodeCheckpoint,
  MODEL_ONNX,
} from "./train-checkpoint.js";
import type { TrainPlan } from "./train-plan.js";
import { validateTrainConfig } from "./validate-train-config.js";

/** What {@link prepareTrainJob} may look up. */
export interface TrainJobDeps {
  readArtifact(jobId: string, name: string): Promise<Uint8Array | undefined>;
  jobState(jobId: string): JobInfo | undefined;
}

function modelBytes(request: TrainRequest): Uint8Array {
  const model = request.model;
  if (model?.$case === "onnxModel") {
    if (model.value.byteLength === 0) throw invalidArgument("onnx_model: empty");
    return model.value;
  }
  if (model?.$case !== "zoo") throw invalidArgument("model: one of onnx_model or zoo is required");
  const z = model.value;
  const info = ZOO_MODELS.find((m) => m.name === z.name);
  if (info === undefined)
    throw invalidArgument(
      `zoo.name: unknown model '${z.name}' (known: ${ZOO_MODELS.map((m) => m.name).join(", ")})`,
    );
  if (z.inputShape.length !== 0 && z.inputShape.length !== 3)
    throw invalidArgument(`zoo.input_shape: must be [C, H, W], got [${z.inputShape.join(", ")}]`);
  try {
    return buildZooModel(info.name as ZooModelName, {
      widthMultiplier: z.width === 0 ? 1 : z.width,
      classes: z.classes === 0 ? undefined : z.classes,
      inputChannels: z.inputShape[0],
      inputHeight: z.inputShape[1],
      inputWidth: z.inputShape[2],
      seed: z.seed === 0 ? request.seed : z.seed,
    });
  } catch (error) {
    throw invalidArgument(`zoo: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}

/** C×H×W of the model's data input, and its class count (compiling the plan for `batch`). */
function modelGeometry(
  bytes: Uint8Array,
  batch: number,
): { imageShape: [number, number, number]; classes: number } {
  const graph = indexGraph(decodeModelProto(bytes));
  const input = graph.dataInputs[0];
  const dims = (input?.type?.tensorType?.shape?.dim ?? []).map((d) => Number(d.dimValue ?? 0));
  if (dims.length !== 4 || dims.slice(1).some((d) => !(d > 0)))
    throw invalidArgument(
      `onnx_model: graph input '${input?.name ?? ""}' must declare [N, C, H, W] with fixed C, H, W, got [${dims.join(", ")}]`,
    );
  const imageShape: [number, number, number] = [dims[1], dims[2], dims[3]];
  const plan = compileExecutionPlan(graph, [batch, ...imageShape], new Set());
  const out = plan.state.shapes.get(graph.outputs[0] ?? "");
  if (out === undefined || out.length !== 2)
    throw invalidArgument(
      `onnx_model: output '${graph.outputs[0] ?? ""}' must be [N, classes] logits, got [${out?.join(", ") ?? "unknown"}]`,
    );
  return { imageShape, classes: out[1] };
}

async function resumeState(resumeFrom: string, deps: TrainJobDeps): Promise<TrainPlan["resume"]> {
  if (resumeFrom === "") return undefined;
  const info = deps.jobState(resumeFrom);
  if (info === undefined) throw new NormserveError("NOT_FOUND", `resume_from: no job '${resumeFrom}'`);
  if (info.kind !== JobKind.JOB_KIND_TRAIN)
    throw new NormserveError("FAILED_PRECONDITION", `resume_from: job '${resumeFrom}' is not a Train job`);
  if (info.state === JobState.JOB_STATE_RUNNING || info.state === JobState.JOB_STATE_QUEUED)
    throw new NormserveError(
      "FAILED_PRECONDITION",
      `resume_from: job '${resumeFrom}' is still ${JobState[info.state]}`,
    );
  const [json, state, onnx] = await Promise.all(
    [CHECKPOINT_JSON, CHECKPOINT_STATE, CHECKPOINT_ONNX].map((n) => deps.readArtifact(resumeFrom, n)),
  );
  if (json === undefined || state === undefined || onnx === undefined)
    throw new NormserveError(
      "FAILED_PRECONDITION",
      `resume_from: job '${resumeFrom}' has no checkpoint to resume from`,
    );
  try {
    return { jobId: resumeFrom, checkpoint: decodeCheckpoint(json, state), onnx };
  } catch (error) {
    throw new NormserveError("FAILED_PRECONDITION", `resume_from: job '${resumeFrom}': ${String(error)}`, {
      cause: error,
    });
  }
}

/**
 * Validates a Train request completely before the job is queued — model (ONNX parses and every op
 * runs: the plan is compiled for the batch shapes; zoo name and options), datasets against the
 * model's input and classes, every hyper-parameter, the adversarial spec and `resume_from` — and
 * returns the job. INVALID_ARGUMENT names the field; unsupported ops are FAILED_PRECONDITION; an
 * unknown `resume_from` NOT_FOUND, one without a checkpoint FAILED_PRECONDITION.
 */
export async function prepareTrainJob(request: TrainRequest, deps: TrainJobDeps): Promise<PreparedJob> {
  const early = validateTrainConfig(request, 1);
  const bytes = modelBytes(request);
  const { imageShape, classes } = modelGeometry(bytes, early.batchSize);
  const layers = parseOnnxModel(bytes, { inputShape: [1, ...imageShape] }).layers;
  checkStoredWeights(layers, indexGraph(decodeModelProto(bytes)));
  const train = await resolveDataset("train_data", request.trainData, { imageShape, classes });
  const test =
    request.testData === undefined
      ? undefined
      : await resolveDataset("test_data", request.testData, { imageShape, classes });
  const n = train.shape[0];
  const stepsPerEpoch = batchCount(n, early.batchSize);
  const last = n % early.batchSize;
  if (last !== 0) modelGeometry(bytes, last);
  const config = validateTrainConfig(request, stepsPerEpoch);
  const resume = await resumeState(request.resumeFrom, deps);
  if (resume !== undefined && resume.checkpoint.index.epoch + 1 >= config.epochs)
    throw new NormserveError(
      "FAILED_PRECONDITION",
      `resume_from: job '${resume.jobId}' already finished epoch ${resume.checkpoint.index.epoch}; ask for more than ${config.epochs} epochs`,
    );
  const plan: TrainPlan = { modelBytes: bytes, layers, classes, train, test, config, stepsPerEpoch, resume };
  return {
    kind: "train",
    totalSteps: config.epochs * stepsPerEpoch,
    resumedFrom: resume?.jobId,
    startStep: resume?.checkpoint.index.step ?? 0,
    modelArtifacts: [MODEL_ONNX, CHECKPOINT_ONNX],
    run: (ctx) => runTraining(plan, ctx),
  };
}
