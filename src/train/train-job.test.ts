import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OnnxExecutor } from "../engine/executor/onnx-executor.js";
import { ortRun } from "../engine/executor/testing/ort-run.js";
import { type EngineBackend, useEngineBackend } from "../engine/executor/testing/use-engine-backend.js";
import type { Kernels } from "../engine/kernels/kernels.js";
import { NormserveError } from "../errors/normserve-error.js";
import type { LayerNorms } from "../gen/normserve/v1/compute_norms.js";
import { JobInfo, JobKind, JobState } from "../gen/normserve/v1/jobs.js";
import type { TrainCompleted, TrainRequest } from "../gen/normserve/v1/train.js";
import type { JobEventPayload } from "../jobs/job-runner.js";
import { parseOnnxModel } from "../onnx/parse-onnx-model.js";
import { buildModel, floatAttr, node } from "../onnx/testing/onnx-builder.js";
import { floatTensor } from "../onnx/testing/tensors.js";
import { layerNormsSnapshot } from "./norm-snapshot.js";
import { prepareTrainJob, type TrainJobDeps } from "./prepare-train-job.js";
import { type ArtifactStore, memoryJobContext } from "./testing/memory-job-context.js";
import { smallTrainRequest } from "./testing/train-request.js";

let engine: EngineBackend = { missing: "not started" };
beforeAll(async () => {
  engine = await useEngineBackend("tensorflow");
  if ("missing" in engine) engine = await useEngineBackend("wasm");
});
afterAll(() => {
  engine = { missing: "done" };
});
const kernels = (): Kernels => {
  if (!("kernels" in engine)) throw new Error(engine.missing);
  return engine.kernels;
};

interface Run {
  readonly events: JobEventPayload[];
  readonly completed: TrainCompleted;
  readonly artifacts: ArtifactStore;
}

function deps(artifacts: ArtifactStore, jobs: Record<string, JobState> = {}): TrainJobDeps {
  return {
    readArtifact: (id, name) => Promise.resolve(artifacts.get(`${id}/${name}`)),
    jobState: (id) =>
      jobs[id] === undefined
        ? undefined
        : JobInfo.fromPartial({ jobId: id, kind: JobKind.JOB_KIND_TRAIN, state: jobs[id], hasModel: true }),
  };
}

async function train(
  request: TrainRequest,
  jobId = "job",
  artifacts: ArtifactStore = new Map(),
  jobs = {},
): Promise<Run> {
  const job = await prepareTrainJob(request, deps(artifacts, jobs));
  const ctx = memoryJobContext(jobId, { tf, kernels: kernels() }, artifacts);
  await job.run(ctx);
  const last = ctx.events.at(-1);
  if (last?.$case !== "trainCompleted") throw new Error("no train_completed event");
  return { events: ctx.events, completed: last.value, artifacts };
}

/** x [N,1,4,4] → Flatten → Gemm 16→8 → Relu → Dropout(0.5) → Gemm 8→4: a seeded mask every train step. */
function dropoutModel(): Uint8Array {
  const w = (name: string, shape: [number, number], seed: number) =>
    floatTensor(
      name,
      shape,
      Array.from({ length: shape[0] * shape[1] }, (_, i) => Math.sin(seed * 7.1 + i * 1.3) * 0.4),
    );
  return buildModel({
    inputs: [{ name: "x", shape: ["N", 1, 4, 4] }],
    nodes: [
      node("Flatten", ["x"], ["f"]),
      node("Gemm", ["f", "w1", "b1"], ["h"], { transB: 1 }),
      node("Relu", ["h"], ["r"]),
      node("Dropout", ["r"], ["d"], { ratio: floatAttr(0.5) }),
      node("Gemm", ["d", "w2", "b2"], ["y"], { transB: 1 }),
    ],
    initializers: [
      w("w1", [8, 16], 1),
      floatTensor("b1", [8], new Array(8).fill(0.01)),
      w("w2", [4, 8], 2),
      floatTensor("b2", [4], [0, 0, 0, 0]),
    ],
    outputs: [{ name: "y", shape: ["N", 4] }],
    opset: 11,
  });
}

const maxNorm = (layers: readonly LayerNorms[], kind: "l1" | "linf") =>
  Math.max(...layers.filter((l) => l.opType === "Conv" || l.opType === "Gemm").map((l) => l[kind] ?? 0));

describe("Train job (small_cnn w=0.25, synthetic 96×1×28×28)", () => {
  it("norm decay (L∞, β=0.05) lowers the conv/linear L∞ norms against β=0; the last norms event = ComputeNorms on the returned model", async () => {
    const base = smallTrainRequest();
    const decayed = await train({
      ...base,
      normDecay: { ...(base.normDecay as NonNullable<TrainRequest["normDecay"]>), beta: 0.05 },
    });
    const plain = await train({ ...base, normDecay: undefined });
    expect(maxNorm(decayed.completed.finalNorms, "linf")).toBeLessThan(
      maxNorm(plain.completed.finalNorms, "linf"),
    );
    const snapshots = decayed.events.filter((e) => e.$case === "norms");
    const lastSnap = snapshots.at(-1);
    expect(lastSnap?.$case === "norms" && lastSnap.value.step).toBe(6);
    const fromModel = layerNormsSnapshot(
      parseOnnxModel(decayed.completed.onnxModel, { inputShape: [1, 1, 28, 28] }).layers,
    );
    const streamed = lastSnap?.$case === "norms" ? lastSnap.value.layers : [];
    expect(streamed.map((l) => l.nodeName)).toEqual(fromModel.map((l) => l.nodeName));
    streamed.forEach((l, i) => {
      expect(l.l1).toBeCloseTo(fromModel[i].l1 ?? Number.NaN, 9);
      expect(l.linf).toBeCloseTo(fromModel[i].linf ?? Number.NaN, 9);
    });
    expect(decayed.events.filter((e) => e.$case === "epoch")).toHaveLength(2);
    expect(decayed.events.filter((e) => e.$case === "progress")).toHaveLength(6);
  }, 60_000);

  it("the trained ONNX runs in onnxruntime and gives the executor's eval outputs; same seed twice → identical weights", async () => {
    const request = smallTrainRequest({ epochs: 1, testData: smallTrainRequest().trainData });
    const a = await train(request);
    const b = await train(request);
    expect(Buffer.from(a.completed.onnxModel).equals(Buffer.from(b.completed.onnxModel))).toBe(true);
    const epoch = a.events.find((e) => e.$case === "epoch");
    expect(epoch?.$case === "epoch" && epoch.value.testAccuracy).toBeGreaterThanOrEqual(0);
    const input = new Float32Array(4 * 28 * 28).map((_, i) => ((i * 7919) % 1000) / 1000);
    const exe = OnnxExecutor.create(a.completed.onnxModel, { tf, kernels: kernels() });
    try {
      const ours = tf.tidy(
        () => exe.forward(tf.tensor(input, [4, 1, 28, 28]), "eval").dataSync() as Float32Array,
      );
      const ref = await ortRun(a.completed.onnxModel, input, [4, 1, 28, 28]);
      for (let i = 0; i < ours.length; i++) expect(Math.abs(ours[i] - ref.data[i])).toBeLessThan(1e-4);
    } finally {
      exe.dispose();
    }
  }, 60_000);

  it("diverges with a huge learning rate: FAILED_PRECONDITION naming the step, epoch 0's checkpoint kept", async () => {
    const artifacts: ArtifactStore = new Map();
    const request = smallTrainRequest({ epochs: 3, normDecay: undefined });
    const first = await train({ ...request, epochs: 1 }, "good", artifacts);
    expect(first.completed.epochs).toHaveLength(1);
    const saved = artifacts.get("good/checkpoint.onnx");
    const job = await prepareTrainJob(
      {
        ...request,
        optimizer: { ...(request.optimizer as NonNullable<TrainRequest["optimizer"]>), learningRate: 1e12 },
        resumeFrom: "good",
      },
      deps(artifacts, { good: JobState.JOB_STATE_SUCCEEDED }),
    );
    const ctx = memoryJobContext("good", { tf, kernels: kernels() }, artifacts);
    const error = await job.run(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NormserveError);
    expect((error as NormserveError).code).toBe("FAILED_PRECONDITION");
    expect((error as Error).message).toMatch(
      /^training diverged at step \d+ \(loss (NaN|Infinity)\); last good checkpoint is epoch /,
    );
    expect(artifacts.get("good/checkpoint.onnx")).toBe(saved);
  }, 60_000);

  it("resume_from continues at the next epoch and reproduces an uninterrupted run's weights", async () => {
    const artifacts: ArtifactStore = new Map();
    const request = smallTrainRequest({ epochs: 2 });
    await train({ ...request, epochs: 1 }, "first", artifacts);
    const job = await prepareTrainJob(
      { ...request, resumeFrom: "first" },
      deps(artifacts, { first: JobState.JOB_STATE_INTERRUPTED }),
    );
    expect(job.startStep).toBe(3);
    expect(job.resumedFrom).toBe("first");
    const ctx = memoryJobContext("second", { tf, kernels: kernels() }, artifacts);
    await job.run(ctx);
    const epochs = ctx.events
      .filter((e) => e.$case === "epoch")
      .map((e) => (e.$case === "epoch" ? e.value.epoch : -1));
    expect(epochs).toEqual([1]);
    const resumed = ctx.events.at(-1);
    const whole = await train(request);
    expect(resumed?.$case === "trainCompleted" && resumed.value.epochs.length).toBe(2);
    // No dropout in small_cnn: the resumed run is the uninterrupted one, bit for bit.
    if (resumed?.$case !== "trainCompleted") throw new Error("no completion");
    expect(Buffer.from(resumed.value.onnxModel).equals(Buffer.from(whole.completed.onnxModel))).toBe(true);
  }, 60_000);

  it("a model with Dropout (x=[N,1,4,4] Gemm 16→8, Dropout 0.5, Gemm 8→4) resumes bit for bit: the executor's random stream is checkpointed", async () => {
    const request = smallTrainRequest({
      model: { $case: "onnxModel", value: dropoutModel() },
      trainData: {
        source: { $case: "synthetic", value: { n: 40, imageShape: [], classes: 4, seed: 3, noise: 0.1 } },
        format: 0,
        split: 0,
        limit: 0,
      },
      epochs: 3,
      batchSize: 8,
    });
    const artifacts: ArtifactStore = new Map();
    await train({ ...request, epochs: 1 }, "first", artifacts);
    const index = JSON.parse(new TextDecoder().decode(artifacts.get("first/checkpoint.json"))) as {
      rng: { dropoutState?: number };
    };
    expect(typeof index.rng.dropoutState).toBe("number");
    // The same checkpoint without the stream (as written before it was kept) resumes differently.
    for (const name of ["checkpoint.onnx", "checkpoint-state.bin", "model.onnx"]) {
      const bytes = artifacts.get(`first/${name}`);
      if (bytes !== undefined) artifacts.set(`legacy/${name}`, bytes);
    }
    const { dropoutState: _, ...legacyRng } = index.rng;
    artifacts.set(
      "legacy/checkpoint.json",
      new TextEncoder().encode(JSON.stringify({ ...index, rng: legacyRng })),
    );
    const resume = async (from: string) => {
      const job = await prepareTrainJob(
        { ...request, resumeFrom: from },
        deps(artifacts, { [from]: JobState.JOB_STATE_INTERRUPTED }),
      );
      const ctx = memoryJobContext(`${from}-resumed`, { tf, kernels: kernels() }, artifacts);
      await job.run(ctx);
      const last = ctx.events.at(-1);
      if (last?.$case !== "trainCompleted") throw new Error("no completion");
      return Buffer.from(last.value.onnxModel);
    };
    const whole = Buffer.from((await train(request)).completed.onnxModel);
    expect((await resume("first")).equals(whole)).toBe(true);
    expect((await resume("legacy")).equals(whole)).toBe(false);
  }, 60_000);

  it("a PyTorch export with MatMul over Transpose(weight) trains; its streamed norms = ComputeNorms on the returned model", async () => {
    const bytes = readFileSync(new URL("../../test/fixtures/linear_nobias_unfolded.onnx", import.meta.url));
    const run = await train(
      smallTrainRequest({
        epochs: 1,
        model: { $case: "onnxModel", value: bytes },
        trainData: {
          source: {
            $case: "synthetic",
            value: { n: 64, imageShape: [3, 8, 8], classes: 10, seed: 2, noise: 0.1 },
          },
          format: 0,
          split: 0,
          limit: 0,
        },
      }),
    );
    const fromModel = layerNormsSnapshot(
      parseOnnxModel(run.completed.onnxModel, { inputShape: [1, 3, 8, 8] }).layers,
    );
    expect(fromModel).toHaveLength(3);
    run.completed.finalNorms.forEach((l, i) => {
      expect(l.l1).toBeCloseTo(fromModel[i].l1 ?? Number.NaN, 9);
      expect(l.linf).toBeCloseTo(fromModel[i].linf ?? Number.NaN, 9);
    });
  }, 60_000);
});
