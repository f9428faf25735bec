import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EvaluateRequest, JobState } from "../../clients/ts/src/index.js";
import { prepareEvaluateJob } from "../../src/attack/prepare-evaluate-job.js";
import { selectBackend } from "../../src/engine/backend/select-backend.js";
import { AttackType, ThreatNorm } from "../../src/gen/normserve/v1/evaluate.js";
import { prepareTrainJob } from "../../src/train/prepare-train-job.js";
import { smallTrainRequest } from "../../src/train/testing/train-request.js";
import { cases, collect, tempDataDir } from "../support/job-helpers.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

describe("Train and Evaluate RPCs with the real preparers (small_cnn w=0.25, synthetic data)", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      dataDir: await tempDataDir(),
      jobPreparers: { train: prepareTrainJob, evaluate: prepareEvaluateJob },
      engine: () => selectBackend(),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it("Train streams to train_completed; GetJob returns its model; Evaluate with model_id = that job runs FGSM", async () => {
    const trained = await collect(t.client.train(smallTrainRequest({ epochs: 1 })));
    expect(trained.error).toBeUndefined();
    expect(cases(trained.events)[0]).toBe("started");
    expect(cases(trained.events).at(-1)).toBe("trainCompleted");
    const jobId = trained.events[0].jobId;
    const got = await t.client.getJob(jobId, true);
    expect(got.job?.state).toBe(JobState.JOB_STATE_SUCCEEDED);
    const last = trained.events.at(-1)?.event;
    expect(last?.$case === "trainCompleted" && Buffer.from(last.value.onnxModel).equals(got.onnxModel)).toBe(
      true,
    );

    const request = EvaluateRequest.fromPartial({
      model: { $case: "modelId", value: jobId },
      data: smallTrainRequest().trainData,
      attacks: [{ type: AttackType.ATTACK_TYPE_FGSM, norm: ThreatNorm.THREAT_NORM_LINF, eps: 0.03 }],
      batchSize: 48,
    });
    const evaluated = await collect(t.client.evaluate(request));
    expect(evaluated.error).toBeUndefined();
    expect(cases(evaluated.events)).toContain("attackResult");
    expect(cases(evaluated.events).at(-1)).toBe("evaluateCompleted");
  }, 60_000);
});
