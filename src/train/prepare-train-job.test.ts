import { describe, expect, it } from "vitest";
import { NormserveError } from "../errors/normserve-error.js";
import { AttackType } from "../gen/normserve/v1/evaluate.js";
import { JobInfo, JobKind, JobState } from "../gen/normserve/v1/jobs.js";
import { DataType } from "../gen/normserve/v1/tensor.js";
import type { TrainRequest } from "../gen/normserve/v1/train.js";
import { buildZooModel } from "../onnx/zoo/index.js";
import { prepareTrainJob, type TrainJobDeps } from "./prepare-train-job.js";
import { smallTrainRequest } from "./testing/train-request.js";

const noDeps: TrainJobDeps = { readArtifact: () => Promise.resolve(undefined), jobState: () => undefined };

async function codeAndMessage(request: TrainRequest, deps = noDeps): Promise<[string, string]> {
  try {
    await prepareTrainJob(request, deps);
  } catch (error) {
    if (error instanceof NormserveError) return [error.code, error.message];
    throw error;
  }
  return ["OK", ""];
}

const base = smallTrainRequest();
const opt = base.optimizer as NonNullable<TrainRequest["optimizer"]>;
const decay = base.normDecay as NonNullable<TrainRequest["normDecay"]>;

function tensors(
  n: number,
  shape: number[],
  labels: number[],
  dtype = DataType.DATA_TYPE_UINT8,
): TrainRequest["trainData"] {
  const count = shape.reduce((a, b) => a * b, n);
  return {
    source: {
      $case: "tensors",
      value: {
        images: {
          dtype,
          shape: [n, ...shape],
          data: new Uint8Array(count * (dtype === DataType.DATA_TYPE_UINT8 ? 1 : 4)),
        },
        labels: {
          dtype: DataType.DATA_TYPE_INT32,
          shape: [labels.length],
          data: new Uint8Array(Int32Array.from(labels).buffer),
        },
      },
    },
    format: 0,
    split: 0,
    limit: 0,
  };
}

const CASES: [string, Partial<TrainRequest>, string, RegExp][] = [
  ["epochs=0", { epochs: 0 }, "INVALID_ARGUMENT", /^epochs:/],
  ["batch_size=-1", { batchSize: -1 }, "INVALID_ARGUMENT", /^batch_size:/],
  [
    "lr=NaN",
    { optimizer: { ...opt, learningRate: Number.NaN } },
    "INVALID_ARGUMENT",
    /^optimizer\.learning_rate: .*NaN/,
  ],
  ["lr=0", { optimizer: { ...opt, learningRate: 0 } }, "INVALID_ARGUMENT", /^optimizer\.learning_rate:/],
  ["momentum=1", { optimizer: { ...opt, momentum: 1 } }, "INVALID_ARGUMENT", /^optimizer\.momentum:/],
  [
    "weight_decay=-1",
    { optimizer: { ...opt, weightDecay: -1 } },
    "INVALID_ARGUMENT",
    /^optimizer\.weight_decay:/,
  ],
  [
    "beta=Inf",
    { normDecay: { ...decay, beta: Number.POSITIVE_INFINITY } },
    "INVALID_ARGUMENT",
    /^norm_decay\.beta:/,
  ],
  ["beta=-1", { normDecay: { ...decay, beta: -1 } }, "INVALID_ARGUMENT", /^norm_decay\.beta:/],
  [
    "decay momentum=1.5",
    { normDecay: { ...decay, momentum: 1.5 } },
    "INVALID_ARGUMENT",
    /^norm_decay\.momentum:/,
  ],
  ["decay norm L2", { normDecay: { ...decay, norm: 3 } }, "INVALID_ARGUMENT", /^norm_decay\.norm:/],
  ["svc clip_to=0", { svc: { clipTo: 0, everySteps: 1 } }, "INVALID_ARGUMENT", /^svc\.clip_to:/],
  ["svc every_steps=0", { svc: { clipTo: 1, everySteps: 0 } }, "INVALID_ARGUMENT", /^svc\.every_steps:/],
  ["bn radius=0", { bnProjection: { radius: 0 } }, "INVALID_ARGUMENT", /^bn_projection\.radius:/],
  [
    "adversarial APGD",
    {
      adversarial: {
        type: AttackType.ATTACK_TYPE_APGD_CE,
        norm: 0,
        eps: 0.1,
        steps: 0,
        stepSize: 0,
        restarts: 0,
        randomStart: false,
        nQueries: 0,
        nTargetClasses: 0,
        pInit: 0,
      },
    },
    "INVALID_ARGUMENT",
    /^adversarial\.type:/,
  ],
  [
    "adversarial eps=0",
    {
      adversarial: {
        type: AttackType.ATTACK_TYPE_PGD,
        norm: 0,
        eps: 0,
        steps: 3,
        stepSize: 0,
        restarts: 0,
        randomStart: true,
        nQueries: 0,
        nTargetClasses: 0,
        pInit: 0,
      },
    },
    "INVALID_ARGUMENT",
    /^adversarial\.eps:/,
  ],
  ["no model", { model: undefined }, "INVALID_ARGUMENT", /^model:/],
  [
    "onnx garbage",
    { model: { $case: "onnxModel", value: Uint8Array.of(1, 2, 3, 4, 5) } },
    "INVALID_ARGUMENT",
    /./,
  ],
  [
    "zoo unknown",
    { model: { $case: "zoo", value: { name: "alexnet", width: 1, classes: 10, inputShape: [], seed: 0 } } },
    "INVALID_ARGUMENT",
    /^zoo\.name:/,
  ],
  [
    "zoo width<0",
    {
      model: { $case: "zoo", value: { name: "small_cnn", width: -1, classes: 10, inputShape: [], seed: 0 } },
    },
    "INVALID_ARGUMENT",
    /^zoo:/,
  ],
  ["no train_data", { trainData: undefined }, "INVALID_ARGUMENT", /^train_data:/],
  [
    "label 10 of 10 classes",
    { trainData: tensors(2, [1, 28, 28], [0, 10]) },
    "INVALID_ARGUMENT",
    /^train_data\.tensors: label 1 is 10/,
  ],
  [
    "image shape 3×32×32",
    { trainData: tensors(2, [3, 32, 32], [0, 1]) },
    "INVALID_ARGUMENT",
    /^train_data: images are 3×32×32, the model's input is 1×28×28/,
  ],
  ["empty data", { trainData: tensors(0, [1, 28, 28], []) }, "INVALID_ARGUMENT", /empty/],
  [
    "float32 byte length",
    {
      trainData: {
        format: 0,
        split: 0,
        limit: 0,
        source: {
          $case: "tensors",
          value: {
            images: { dtype: DataType.DATA_TYPE_FLOAT32, shape: [2, 1, 28, 28], data: new Uint8Array(8) },
            labels: undefined,
          },
        },
      },
    },
    "INVALID_ARGUMENT",
    /^train_data\.tensors\.images: 8 bytes/,
  ],
  [
    "images float64",
    { trainData: tensors(2, [1, 28, 28], [0, 1], DataType.DATA_TYPE_FLOAT64) },
    "INVALID_ARGUMENT",
    /^train_data\.tensors\.images: dtype/,
  ],
  [
    "missing path",
    {
      trainData: {
        source: { $case: "path", value: "/nonexistent/normserve-data" },
        format: 0,
        split: 0,
        limit: 0,
      },
    },
    "INVALID_ARGUMENT",
    /^train_data\.path:/,
  ],
  [
    "test_data shape",
    { testData: tensors(2, [1, 27, 28], [0, 1]) },
    "INVALID_ARGUMENT",
    /^test_data: images are 1×27×28/,
  ],
  ["resume_from unknown", { resumeFrom: "nope" }, "NOT_FOUND", /^resume_from: no job 'nope'/],
];

describe("prepareTrainJob validation", () => {
  it.for(CASES)("throws when %s", async ([, overrides, code, message]) => {
    const [gotCode, gotMessage] = await codeAndMessage({ ...base, ...overrides });
    expect(gotCode).toBe(code);
    expect(gotMessage).toMatch(message);
  });

  it("throws FAILED_PRECONDITION for a resume_from job without a checkpoint, or still running", async () => {
    const info = (state: JobState) =>
      JobInfo.fromPartial({ jobId: "j", kind: JobKind.JOB_KIND_TRAIN, state });
    const none = await codeAndMessage(
      { ...base, resumeFrom: "j" },
      { ...noDeps, jobState: () => info(JobState.JOB_STATE_FAILED) },
    );
    expect(none).toEqual(["FAILED_PRECONDITION", "resume_from: job 'j' has no checkpoint to resume from"]);
    const running = await codeAndMessage(
      { ...base, resumeFrom: "j" },
      { ...noDeps, jobState: () => info(JobState.JOB_STATE_RUNNING) },
    );
    expect(running[0]).toBe("FAILED_PRECONDITION");
  });

  it("throws FAILED_PRECONDITION naming the node for an unsupported op", async () => {
    // A zoo model with its first Relu renamed to an op the engine does not run.
    const bytes = buildZooModel("small_cnn", { widthMultiplier: 0.25 });
    const text = Buffer.from(bytes);
    const at = text.indexOf("Relu");
    expect(at).toBeGreaterThan(0);
    text.write("Selu", at);
    const [code, message] = await codeAndMessage({
      ...base,
      model: { $case: "onnxModel", value: new Uint8Array(text) },
    });
    expect(code).toBe("FAILED_PRECONDITION");
    expect(message).toMatch(/Selu/);
  });

  it("accepts the small request: total steps = epochs × batches", async () => {
    const job = await prepareTrainJob(base, noDeps);
    expect(job.totalSteps).toBe(6);
    expect(job.kind).toBe("train");
  });
});
