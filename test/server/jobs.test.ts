import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EvaluateRequest, JobKind, JobState, NormserveClientError } from "../../clients/ts/src/index.js";
import { expectStatus } from "../support/expect-status.js";
import { fakeJobPreparers, fakeModel } from "../support/fake-job-preparers.js";
import {
  cases,
  collect,
  cpuEngine,
  fakeTrain,
  logBytes,
  readUntil,
  tempDataDir,
} from "../support/job-helpers.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

function codeOf(error: unknown): string {
  return error instanceof NormserveClientError ? status[error.code] : String(error);
}

describe("jobs over gRPC (fake Train/Evaluate jobs)", () => {
  let t: TestServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await tempDataDir();
    t = await startTestServer({ dataDir, jobPreparers: fakeJobPreparers, engine: cpuEngine });
  });
  afterAll(async () => {
    await t.close();
  });

  it("Train streams started, progress and train_completed, ends OK; GetJob(include_model) returns the model", async () => {
    const { events, error } = await collect(t.client.train(fakeTrain(3, 0)));
    expect(error).toBeUndefined();
    expect(cases(events)).toEqual(["started", "progress", "progress", "progress", "trainCompleted"]);
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
    const started = events[0].event;
    if (started?.$case !== "started") throw new Error("no started");
    const jobId = started.value.jobId;
    expect(jobId).toMatch(/^job-\d{8}T\d{9}Z-[0-9a-f]{6}$/);
    expect(started.value).toMatchObject({
      kind: JobKind.JOB_KIND_TRAIN,
      backend: "cpu",
      totalSteps: 3,
      startStep: 0,
    });
    const completed = events[4].event;
    expect(completed?.$case === "trainCompleted" && new Uint8Array(completed.value.onnxModel)).toEqual(
      fakeModel(),
    );
    const got = await t.client.getJob(jobId, true);
    expect(got.job).toMatchObject({
      state: JobState.JOB_STATE_SUCCEEDED,
      step: 3,
      totalSteps: 3,
      lastSequence: 5,
    });
    expect(got.job?.hasModel).toBe(true);
    expect(new Uint8Array(got.onnxModel)).toEqual(fakeModel());
    expect((await t.client.getJob(jobId)).onnxModel.length).toBe(0);
    // The model went to an artifact, not into the log, and comes back on replay.
    expect(logBytes(dataDir, jobId)).toBeLessThan(fakeModel().length);
    const replay = await collect(t.client.watchJob(jobId, 3));
    expect(replay.error).toBeUndefined();
    expect(replay.events.map((e) => e.sequence)).toEqual([4, 5]);
    expect(replay.events[1]).toEqual(events[4]);
  });

  it("a disconnected client leaves the job running; two watchers from 0 get every event once, live", async () => {
    const first = await readUntil(t.client.train(fakeTrain(5, 60)), (e) => e.event?.$case === "started");
    const jobId = first[0].jobId;
    const [a, b] = await Promise.all([
      collect(t.client.watchJob(jobId, 0)),
      collect(t.client.watchJob(jobId, 1)),
    ]);
    expect(a.error).toBeUndefined();
    expect(b.error).toBeUndefined();
    expect(a.events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(b.events.map((e) => e.sequence)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(b.events).toEqual(a.events.slice(1));
    expect((await t.client.getJob(jobId)).job?.state).toBe(JobState.JOB_STATE_SUCCEEDED);
  });

  it("CancelJob: state CANCELLED, the stream gets `ended` then CANCELLED, GetJob reports it", async () => {
    const stream = t.client.train(fakeTrain(100, 50));
    const head = await stream.next();
    const jobId = head.value?.jobId ?? "";
    const rest = collect(stream);
    const watcher = collect(t.client.watchJob(jobId, 0));
    const cancelled = await t.client.cancelJob(jobId);
    expect(cancelled.job?.state).toBe(JobState.JOB_STATE_CANCELLED);
    for (const { events, error } of [await rest, await watcher]) {
      expect(codeOf(error)).toBe("CANCELLED");
      const last = events.at(-1)?.event;
      expect(last?.$case === "ended" && last.value.state).toBe(JobState.JOB_STATE_CANCELLED);
    }
    const got = await t.client.getJob(jobId);
    expect(got.job).toMatchObject({ state: JobState.JOB_STATE_CANCELLED, message: "cancelled by CancelJob" });
    expect(got.job?.finishedAtMs).toBeGreaterThan(0);
    // Watching a cancelled job replays it and ends CANCELLED again; cancelling again changes nothing.
    expect(codeOf((await collect(t.client.watchJob(jobId, 0))).error)).toBe("CANCELLED");
    expect((await t.client.cancelJob(jobId)).job?.state).toBe(JobState.JOB_STATE_CANCELLED);
  });

  it("a job that throws a NormserveError fails with its message (ABORTED); any other error says internal error", async () => {
    const failed = await collect(t.client.train(fakeTrain(3, 0, 2)));
    expect(codeOf(failed.error)).toBe("ABORTED");
    expect((failed.error as NormserveClientError).details).toBe("loss is NaN at step 2");
    expect(cases(failed.events)).toEqual(["started", "progress", "ended"]);
    const got = await t.client.getJob(failed.events[0].jobId);
    expect(got.job).toMatchObject({
      state: JobState.JOB_STATE_FAILED,
      message: "loss is NaN at step 2",
      step: 1,
    });
    expect(got.job?.hasModel).toBe(true);
    const checkpoint = await t.client.getJob(failed.events[0].jobId, true);
    expect([...checkpoint.onnxModel]).toEqual([1, 2, 3]);
    const crashed = await collect(t.client.train(fakeTrain(3, 0, 3)));
    expect(codeOf(crashed.error)).toBe("ABORTED");
    expect((crashed.error as NormserveClientError).details).toMatch(/^internal error/);
    expect((crashed.error as NormserveClientError).details).not.toMatch(/secret/);
  });

  it("a request the preparer rejects fails with its status and creates no job", async () => {
    const before = (await t.client.listJobs()).jobs.length;
    const { events, error } = await collect(t.client.train(fakeTrain(3, 0, 1)));
    expect(events).toEqual([]);
    expect(codeOf(error)).toBe("INVALID_ARGUMENT");
    expect((error as NormserveClientError).details).toBe("fake: seed 1 is not allowed");
    expect((await t.client.listJobs()).jobs.length).toBe(before);
  });

  it("TS client: aborting the signal ends watchJob with CANCELLED while the job keeps running", async () => {
    const jobId = (await readUntil(t.client.train(fakeTrain(4, 50)), () => true))[0].jobId;
    const controller = new AbortController();
    const watching = collect(t.client.watchJob(jobId, 0, { signal: controller.signal }));
    await new Promise((r) => setTimeout(r, 30));
    controller.abort();
    expect(codeOf((await watching).error)).toBe("CANCELLED");
    expect((await t.client.getJob(jobId)).job?.state).toBe(JobState.JOB_STATE_RUNNING);
    expect(codeOf((await collect(t.client.watchJob(jobId, 0))).error)).toBe("undefined");
    expect((await t.client.getJob(jobId)).job?.state).toBe(JobState.JOB_STATE_SUCCEEDED);
  });

  it("unknown job ids are NOT_FOUND for WatchJob, GetJob and CancelJob", async () => {
    expect(codeOf((await collect(t.client.watchJob("job-nope", 0))).error)).toBe("NOT_FOUND");
    await expectStatus(t.client.getJob("job-nope"), status.NOT_FOUND, /no job "job-nope"/);
    await expectStatus(t.client.cancelJob("../etc"), status.NOT_FOUND, /no job/);
  });

  it("Evaluate: adversarial examples survive the log round trip", async () => {
    const { events, error } = await collect(t.client.evaluate(EvaluateRequest.fromPartial({ seed: 0 })));
    expect(error).toBeUndefined();
    expect(cases(events)).toEqual(["started", "attackResult", "evaluateCompleted"]);
    const jobId = events[0].jobId;
    expect(logBytes(dataDir, jobId)).toBeLessThan(4096);
    expect((await collect(t.client.watchJob(jobId, 0))).events).toEqual(events);
    expect((await t.client.getJob(jobId)).job?.kind).toBe(JobKind.JOB_KIND_EVALUATE);
  });
});

describe("job queue (one worker)", () => {
  it("runs jobs one at a time; waiting jobs get `queued` with their position; ListJobs filters, newest first", async () => {
    const t = await startTestServer({
      dataDir: await tempDataDir(),
      jobPreparers: fakeJobPreparers,
      engine: cpuEngine,
    });
    try {
      const heads = [];
      for (let i = 0; i < 3; i++) heads.push(await readUntil(t.client.train(fakeTrain(2, 80)), () => true));
      const [a, b, c] = heads.map((h) => h[0].jobId);
      expect(heads.map((h) => h[0].event)).toEqual([
        expect.objectContaining({ $case: "started" }),
        { $case: "queued", value: { position: 1 } },
        { $case: "queued", value: { position: 2 } },
      ]);
      const listed = await t.client.listJobs();
      expect(listed.jobs.map((j) => j.jobId)).toEqual([c, b, a]);
      expect(listed.jobs.map((j) => [j.state, j.queuePosition])).toEqual([
        [JobState.JOB_STATE_QUEUED, 2],
        [JobState.JOB_STATE_QUEUED, 1],
        [JobState.JOB_STATE_RUNNING, 0],
      ]);
      expect(
        (await t.client.listJobs({ state: JobState.JOB_STATE_QUEUED })).jobs.map((j) => j.jobId),
      ).toEqual([c, b]);
      const ends = await Promise.all([a, b, c].map((id) => collect(t.client.watchJob(id, 0))));
      expect(ends.map((e) => codeOf(e.error))).toEqual(["undefined", "undefined", "undefined"]);
      expect(cases(ends[2].events).slice(0, 2)).toEqual(["queued", "started"]);
      const infos = await Promise.all([a, b, c].map(async (id) => (await t.client.getJob(id)).job));
      for (let i = 1; i < 3; i++)
        expect(infos[i]?.startedAtMs).toBeGreaterThanOrEqual(infos[i - 1]?.finishedAtMs ?? 0);
      await collect(t.client.evaluate(EvaluateRequest.fromPartial({})));
      expect((await t.client.listJobs({ kind: JobKind.JOB_KIND_TRAIN })).jobs.map((j) => j.jobId)).toEqual([
        c,
        b,
        a,
      ]);
      expect((await t.client.listJobs({ kind: JobKind.JOB_KIND_EVALUATE })).jobs).toHaveLength(1);
      expect(
        (await t.client.listJobs({ kind: JobKind.JOB_KIND_EVALUATE, state: JobState.JOB_STATE_FAILED })).jobs,
      ).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it("cancelling a queued job takes it out of the queue", async () => {
    const t = await startTestServer({
      dataDir: await tempDataDir(),
      jobPreparers: fakeJobPreparers,
      engine: cpuEngine,
    });
    try {
      const a = (await readUntil(t.client.train(fakeTrain(3, 50)), () => true))[0].jobId;
      const b = (await readUntil(t.client.train(fakeTrain(3, 50)), () => true))[0].jobId;
      expect((await t.client.cancelJob(b)).job).toMatchObject({
        state: JobState.JOB_STATE_CANCELLED,
        queuePosition: 0,
      });
      expect(codeOf((await collect(t.client.watchJob(a, 0))).error)).toBe("undefined");
      expect((await t.client.getJob(b)).job?.startedAtMs).toBe(0);
    } finally {
      await t.close();
    }
  });
});
