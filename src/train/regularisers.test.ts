import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EngineBackend, useEngineBackend } from "../engine/executor/testing/use-engine-backend.js";
import { AttackType } from "../gen/normserve/v1/evaluate.js";
import { LrSchedule, type TrainRequest } from "../gen/normserve/v1/train.js";
import { learningRateAt } from "./lr-schedule.js";
import { prepareTrainJob } from "./prepare-train-job.js";
import { memoryJobContext } from "./testing/memory-job-context.js";
import { smallTrainRequest } from "./testing/train-request.js";

let engine: EngineBackend = { missing: "not started" };
beforeAll(async () => {
  engine = await useEngineBackend("tensorflow");
  if ("missing" in engine) engine = await useEngineBackend("wasm");
});
afterAll(() => {
  engine = { missing: "done" };
});
const noDeps = { readArtifact: () => Promise.resolve(undefined), jobState: () => undefined };

async function run(request: TrainRequest, abortAfter?: number) {
  if (!("kernels" in engine)) throw new Error(engine.missing);
  const job = await prepareTrainJob(request, noDeps);
  const ctx = memoryJobContext("r", { tf, kernels: engine.kernels }, new Map());
  if (abortAfter !== undefined) {
    const emit = ctx.emit;
    let n = 0;
    ctx.emit = (e) => {
      emit(e);
      if (e.$case === "progress" && ++n === abortAfter) ctx.controller.abort();
    };
  }
  const before = tf.memory().numTensors;
  const error = await job.run(ctx).catch((e: unknown) => e);
  return { events: ctx.events, error, leaked: tf.memory().numTensors - before };
}

describe("Train regularisers and schedules (small_cnn w=0.25)", () => {
  it("PGD adversarial training + SVC every 2 steps + BN projection r=0.8 + cosine: BN L∞ ≤ r at the end, no tensor leaks", async () => {
    const base = smallTrainRequest({ epochs: 1, normsEverySteps: 0 });
    const request: TrainRequest = {
      ...base,
      optimizer: {
        ...(base.optimizer as NonNullable<TrainRequest["optimizer"]>),
        schedule: LrSchedule.LR_SCHEDULE_COSINE,
      },
      adversarial: {
        type: AttackType.ATTACK_TYPE_PGD,
        norm: 0,
        eps: 0.1,
        steps: 2,
        stepSize: 0,
        restarts: 0,
        randomStart: true,
        nQueries: 0,
        nTargetClasses: 0,
        pInit: 0,
      },
      svc: { clipTo: 1, everySteps: 2 },
      bnProjection: { radius: 0.8 },
    };
    // The first run warms one-time kernel caches (constants the backend keeps); the second must not grow.
    await run(request);
    const { events, error, leaked } = await run(request);
    expect(error).toBeUndefined();
    expect(leaked).toBe(0);
    const done = events.at(-1);
    if (done?.$case !== "trainCompleted") throw new Error("not completed");
    const bns = done.value.finalNorms.filter((l) => l.opType === "BatchNormalization");
    expect(bns.length).toBeGreaterThan(0);
    for (const l of bns) expect(l.linf ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(0.8 * (1 + 1e-6));
    const lrs = events.flatMap((e) => (e.$case === "progress" ? [e.value.learningRate] : []));
    expect(lrs[0]).toBeCloseTo(0.05, 12);
    expect(lrs[2]).toBeCloseTo((0.05 * (1 + Math.cos((2 * Math.PI) / 3))) / 2, 12);
  }, 60_000);

  it("stops at a step boundary when the signal aborts, freeing every tensor", async () => {
    await run(smallTrainRequest({ epochs: 1 }));
    const { events, error, leaked } = await run(smallTrainRequest({ epochs: 3 }), 2);
    expect((error as Error).name).toBe("AbortError");
    expect(events.filter((e) => e.$case === "progress")).toHaveLength(2);
    expect(leaked).toBe(0);
  }, 60_000);

  it("learning-rate schedules follow PyTorch (MultiStepLR, StepLR, CosineAnnealingLR)", () => {
    const multi = { kind: "step", gamma: 0.1, milestones: [2, 4], every: 0 } as const;
    expect([0, 1, 2, 3, 4].map((e) => learningRateAt(1, multi, 0, e))).toEqual([1, 1, 0.1, 0.1, 0.1 * 0.1]);
    expect(learningRateAt(1, { kind: "step", gamma: 0.5, milestones: [], every: 2 }, 0, 5)).toBe(0.25);
    expect(learningRateAt(2, { kind: "cosine", totalSteps: 10 }, 5, 0)).toBeCloseTo(1, 12);
  });
});
