import { describe, expect, it } from "vitest";
import { NormserveError } from "../errors/normserve-error.js";
import type { EvaluateRequest } from "../gen/normserve/v1/evaluate.js";
import { JobInfo, JobKind, JobState } from "../gen/normserve/v1/jobs.js";
import { buildZooModel } from "../onnx/zoo/build-zoo-model.js";
import { type EvaluateJobDeps, prepareEvaluateJob } from "./prepare-evaluate-job.js";
import { resolveAttacks } from "./resolve-attacks.js";
import { AttackType, fixtureModel, fixtureRequest, spec, ThreatNorm } from "./testing/attack-fixture.js";

const noJobs: EvaluateJobDeps = { readArtifact: async () => undefined, jobState: () => undefined };

async function rejects(
  request: EvaluateRequest,
  code: string,
  pattern: RegExp,
  deps = noJobs,
): Promise<void> {
  const error = await prepareEvaluateJob(request, deps).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NormserveError);
  expect((error as NormserveError).code).toBe(code);
  expect((error as NormserveError).message).toMatch(pattern);
}

const fgsm = spec(AttackType.ATTACK_TYPE_FGSM, 0.03);

describe("prepareEvaluateJob validation", () => {
  it("accepts the fixture with FGSM and counts one step per attack and batch", async () => {
    const job = await prepareEvaluateJob(fixtureRequest([fgsm, fgsm], { batchSize: 30 }), noJobs);
    expect(job.kind).toBe("evaluate");
    expect(job.totalSteps).toBe(2 * 4);
  });
  it("standard-nofab: APGD-CE 100 it., APGD-T 100 it. 9 targets, Square 5000 queries p_init 0.8, with the request's ε and norm", () => {
    const attacks = resolveAttacks(
      fixtureRequest([fgsm], { preset: "standard-nofab", eps: 0.5, norm: ThreatNorm.THREAT_NORM_L2 }),
      10,
    );
    expect(
      attacks.map((a) => [a.name, a.eps, a.steps, a.restarts, a.nTargetClasses, a.nQueries, a.pInit]),
    ).toEqual([
      ["apgd-ce-l2", 0.5, 100, 1, 0, 5000, 0.8],
      ["apgd-t-l2", 0.5, 100, 1, 9, 5000, 0.8],
      ["square-l2", 0.5, 0, 1, 0, 5000, 0.8],
      ["fgsm", 0.03, 1, 1, 0, 5000, 0.8],
    ]);
    expect(
      resolveAttacks(fixtureRequest([], { preset: "standard-nofab", eps: 0.1 }), 5)[1].nTargetClasses,
    ).toBe(4);
  });
  it("fills PGD's defaults: 10 steps, step size 2.5ε/steps, one restart", () => {
    const [pgd] = resolveAttacks(fixtureRequest([spec(AttackType.ATTACK_TYPE_PGD, 0.04)]), 10);
    expect([pgd.steps, pgd.stepSize, pgd.restarts, pgd.norm]).toEqual([10, 0.01, 1, "linf"]);
  });
  it("throws when no model is given", () =>
    rejects({ ...fixtureRequest([fgsm]), model: undefined }, "INVALID_ARGUMENT", /^model:/));
  it("throws when onnx_model is empty", () =>
    rejects(
      fixtureRequest([fgsm], { model: { $case: "onnxModel", value: new Uint8Array() } }),
      "INVALID_ARGUMENT",
      /^onnx_model: empty/,
    ));
  it("throws when onnx_model is garbage", () =>
    rejects(
      fixtureRequest([fgsm], { model: { $case: "onnxModel", value: new Uint8Array([1, 2, 3, 4, 5]) } }),
      "INVALID_ARGUMENT",
      /^onnx_model/,
    ));
  it("throws NOT_FOUND for an unknown model_id", () =>
    rejects(
      fixtureRequest([fgsm], { model: { $case: "modelId", value: "nope" } }),
      "NOT_FOUND",
      /model_id: no job 'nope'/,
    ));
  it("reads model.onnx of a finished Train job for model_id", async () => {
    const info = JobInfo.fromPartial({
      jobId: "t1",
      kind: JobKind.JOB_KIND_TRAIN,
      state: JobState.JOB_STATE_SUCCEEDED,
    });
    const deps = {
      readArtifact: async (id: string, name: string) =>
        id === "t1" && name === "model.onnx" ? fixtureModel() : undefined,
      jobState: (id: string) => (id === "t1" ? info : undefined),
    };
    const job = await prepareEvaluateJob(
      fixtureRequest([fgsm], { model: { $case: "modelId", value: "t1" } }),
      deps,
    );
    expect(job.totalSteps).toBe(1);
    await rejects(
      fixtureRequest([fgsm], { model: { $case: "modelId", value: "t1" } }),
      "FAILED_PRECONDITION",
      /not a finished Train job/,
      { ...deps, jobState: () => ({ ...info, state: JobState.JOB_STATE_RUNNING }) },
    );
  });
  it("throws when eps is 0, negative or NaN", async () => {
    for (const eps of [0, -0.1, Number.NaN, Number.POSITIVE_INFINITY])
      await rejects(
        fixtureRequest([spec(AttackType.ATTACK_TYPE_PGD, eps)]),
        "INVALID_ARGUMENT",
        /attacks\[0\]\.eps/,
      );
  });
  it("throws when FGSM asks for L2", () =>
    rejects(
      fixtureRequest([spec(AttackType.ATTACK_TYPE_FGSM, 0.5, { norm: ThreatNorm.THREAT_NORM_L2 })]),
      "INVALID_ARGUMENT",
      /attacks\[0\]\.norm: FGSM/,
    ));
  it("throws when the attack type is unset", () =>
    rejects(
      fixtureRequest([spec(AttackType.ATTACK_TYPE_UNSPECIFIED, 0.1)]),
      "INVALID_ARGUMENT",
      /attacks\[0\]\.type/,
    ));
  it("throws when steps are negative", () =>
    rejects(
      fixtureRequest([spec(AttackType.ATTACK_TYPE_PGD, 0.1, { steps: -1 })]),
      "INVALID_ARGUMENT",
      /attacks\[0\]\.steps/,
    ));
  it("throws when no attack and no preset is given", () =>
    rejects(fixtureRequest([]), "INVALID_ARGUMENT", /^attacks:/));
  it("throws for an unknown preset and for a preset without eps", async () => {
    await rejects(
      fixtureRequest([], { preset: "standard" }),
      "INVALID_ARGUMENT",
      /preset: unknown preset 'standard'/,
    );
    await rejects(fixtureRequest([], { preset: "standard-nofab" }), "INVALID_ARGUMENT", /^eps:/);
  });
  it("throws when batch_size is negative", () =>
    rejects(fixtureRequest([fgsm], { batchSize: -4 }), "INVALID_ARGUMENT", /^batch_size/));
  it("throws when the data are missing or their shape differs from the model input", async () => {
    await rejects({ ...fixtureRequest([fgsm]), data: undefined }, "INVALID_ARGUMENT", /^data:/);
    const synthetic = { n: 4, imageShape: [3, 28, 28], classes: 10, seed: 1, noise: 0 };
    await rejects(
      fixtureRequest([fgsm], {
        data: { source: { $case: "synthetic", value: synthetic }, format: 0, split: 0, limit: 0 },
      }),
      "INVALID_ARGUMENT",
      /^data.*3×28×28.*1×28×28/,
    );
  });
  it("throws when a label is out of range", async () => {
    const images = { dtype: 4, shape: [1, 1, 28, 28], data: new Uint8Array(784) };
    const labels = { dtype: 5, shape: [1], data: new Uint8Array(new Int32Array([12]).buffer) };
    await rejects(
      fixtureRequest([fgsm], {
        data: { source: { $case: "tensors", value: { images, labels } }, format: 0, split: 0, limit: 0 },
      }),
      "INVALID_ARGUMENT",
      /^data\.tensors: label 0 is 12/,
    );
  });
  it("throws when apgd-t targets more classes than classes − 1", () =>
    rejects(
      fixtureRequest([spec(AttackType.ATTACK_TYPE_APGD_T, 0.03, { nTargetClasses: 10 })]),
      "INVALID_ARGUMENT",
      /attacks\[0\]\.n_target_classes: apgd-t/,
    ));
  it("throws when apgd-t (targeted DLR) meets a 3-class model, also through the preset", async () => {
    const threeClass = buildZooModel("small_cnn", {
      classes: 3,
      inputChannels: 1,
      inputHeight: 28,
      inputWidth: 28,
      seed: 1,
    });
    const model = { $case: "onnxModel" as const, value: threeClass };
    await rejects(
      fixtureRequest([spec(AttackType.ATTACK_TYPE_APGD_T, 0.03)], { model }),
      "INVALID_ARGUMENT",
      /attacks\[0\]: apgd-t .* ≥ 4 classes; the model has 3/,
    );
    await rejects(
      fixtureRequest([], { model, preset: "standard-nofab", eps: 0.03 }),
      "INVALID_ARGUMENT",
      /preset\[1\]: apgd-t/,
    );
  });
});
