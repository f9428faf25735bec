import { describe, expect, it } from "vitest";
import { cpuEngine, tempDataDir } from "../../test/support/job-helpers.js";
import { NormserveError } from "../errors/normserve-error.js";
import { type JobEvent, JobState } from "../gen/normserve/v1/jobs.js";
import { TrainProgress } from "../gen/normserve/v1/train.js";
import { silentLogger } from "../server/logger.js";
import { FileJobStore } from "./file-job-store.js";
import { InProcessJobQueue } from "./in-process-job-queue.js";
import { jobEngineProvider } from "./job-engine-provider.js";
import { JobManager } from "./job-manager.js";
import type { JobContext, PreparedJob } from "./job-runner.js";

async function openManager(watcherBuffer: number): Promise<JobManager> {
  return JobManager.open({
    store: new FileJobStore(await tempDataDir()),
    queue: new InProcessJobQueue(1),
    engine: jobEngineProvider(cpuEngine),
    logger: silentLogger,
    watcherBuffer,
  });
}

/** A job that emits `n` progress events 5 ms apart, then waits for `gate`. */
function burstJob(n: number, gate: Promise<void>): PreparedJob {
  return {
    kind: "train",
    totalSteps: n,
    async run(ctx: JobContext) {
      for (let step = 1; step <= n; step++) {
        ctx.emit({ $case: "progress", value: TrainProgress.fromPartial({ step }) });
        await new Promise((r) => setTimeout(r, 5));
      }
      await gate;
    },
  };
}

async function drain(events: AsyncIterable<JobEvent>): Promise<{ sequences: number[]; error: unknown }> {
  const sequences: number[] = [];
  try {
    for await (const event of events) sequences.push(event.sequence);
    return { sequences, error: undefined };
  } catch (error) {
    return { sequences, error };
  }
}

describe("JobManager watchers (buffer 5)", () => {
  it("a watcher that falls more than 5 events behind is dropped with RESOURCE_EXHAUSTED; the job and a fast watcher go on", async () => {
    const manager = await openManager(5);
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const jobId = await manager.submit(burstJob(20, gate), new Uint8Array());
    const slow = manager.watch(jobId, 0);
    const fast = drain(manager.watch(jobId, 0));
    // Let the burst happen while the slow watcher reads nothing.
    while ((manager.get(jobId)?.lastSequence ?? 0) < 21) await new Promise((r) => setTimeout(r, 5));
    open();
    const slowResult = await drain(slow);
    expect(slowResult.error).toBeInstanceOf(NormserveError);
    expect((slowResult.error as NormserveError).code).toBe("RESOURCE_EXHAUSTED");
    expect((slowResult.error as NormserveError).message).toMatch(/watch again with after_sequence=\d+/);
    const fastResult = await fast;
    expect(fastResult.error).toBeUndefined();
    expect(fastResult.sequences).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(manager.get(jobId)?.state).toBe(JobState.JOB_STATE_SUCCEEDED);
    // Re-attaching after the drop gets the rest from the log.
    expect((await drain(manager.watch(jobId, 15))).sequences).toEqual([16, 17, 18, 19, 20, 21]);
  });

  it("aborting a watcher's signal ends its watch with CANCELLED and leaves the job running", async () => {
    const manager = await openManager(5);
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const jobId = await manager.submit(burstJob(1, gate), new Uint8Array());
    const controller = new AbortController();
    const watching = drain(manager.watch(jobId, 0, controller.signal));
    while ((manager.get(jobId)?.lastSequence ?? 0) < 2) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const { error } = await watching;
    expect((error as NormserveError).code).toBe("CANCELLED");
    expect(manager.get(jobId)?.state).toBe(JobState.JOB_STATE_RUNNING);
    open();
    expect((await drain(manager.watch(jobId, 0))).error).toBeUndefined();
  });
});
