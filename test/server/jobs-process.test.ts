import { status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { JobState, NormserveClient, NormserveClientError } from "../../clients/ts/src/index.js";
import { fakeModel } from "../support/fake-job-preparers.js";
import { collect, fakeTrain, readUntil, tempDataDir } from "../support/job-helpers.js";
import { type NormserveProcess, startNormserveProcess } from "../support/normserve-process.js";

interface Running extends NormserveProcess {
  readonly client: NormserveClient;
}

/** `normserve` with fake Train/Evaluate jobs (test/support/normserve-fake-jobs.ts) on `dataDir`. */
async function startFakeJobsServer(dataDir: string): Promise<Running> {
  const running = await startNormserveProcess(
    ["--listen", "127.0.0.1:0", "--backend", "cpu"],
    { NORMSERVE_DATA_DIR: dataDir },
    "test/support/normserve-fake-jobs.ts",
  );
  return { ...running, client: new NormserveClient(running.address) };
}

function stop(running: Running): void {
  running.client.close();
  running.child.kill("SIGKILL");
}

describe("jobs across server restarts (real normserve process)", () => {
  it("SIGKILL with a job running, restart on the same data dir: the job is INTERRUPTED, finished jobs and their models remain", async () => {
    const dataDir = await tempDataDir();
    const first = await startFakeJobsServer(dataDir);
    let done = "";
    let running = "";
    try {
      const finished = await collect(first.client.train(fakeTrain(2, 0)));
      expect(finished.error).toBeUndefined();
      done = finished.events[0].jobId;
      // Step 2's progress comes after step 1's checkpoint was stored.
      const head = await readUntil(
        first.client.train(fakeTrain(1000, 50)),
        (e) => e.event?.$case === "progress" && e.event.value.step === 2,
      );
      running = head[0].jobId;
      first.child.kill("SIGKILL");
      await first.exited;
    } finally {
      stop(first);
    }
    const second = await startFakeJobsServer(dataDir);
    try {
      const listed = (await second.client.listJobs()).jobs;
      expect(listed.map((j) => [j.jobId, j.state])).toEqual([
        [running, JobState.JOB_STATE_INTERRUPTED],
        [done, JobState.JOB_STATE_SUCCEEDED],
      ]);
      expect(listed[0].message).toBe("the server stopped while the job was running");
      expect(listed[0].hasModel).toBe(true); // its checkpoint
      expect(new Uint8Array((await second.client.getJob(done, true)).onnxModel)).toEqual(fakeModel());
      const replay = await collect(second.client.watchJob(running, 0));
      expect(replay.error).toBeInstanceOf(NormserveClientError);
      expect((replay.error as NormserveClientError).code).toBe(status.ABORTED);
      const last = replay.events.at(-1);
      expect(last?.event).toEqual({
        $case: "ended",
        value: {
          state: JobState.JOB_STATE_INTERRUPTED,
          message: "the server stopped while the job was running",
        },
      });
      expect(replay.events.map((e) => e.sequence)).toEqual(replay.events.map((_, i) => i + 1));
      // A new job runs normally after the restart.
      expect((await collect(second.client.train(fakeTrain(1, 0)))).error).toBeUndefined();
    } finally {
      stop(second);
    }
  });

  it("SIGTERM marks the running job INTERRUPTED, ends its streams with ABORTED and exits 0", async () => {
    const dataDir = await tempDataDir();
    const first = await startFakeJobsServer(dataDir);
    let jobId = "";
    try {
      const stream = first.client.train(fakeTrain(1000, 50));
      const head = await stream.next();
      jobId = head.value?.jobId ?? "";
      const rest = collect(stream);
      first.child.kill("SIGTERM");
      const { events, error } = await rest;
      expect((error as NormserveClientError).code).toBe(status.ABORTED);
      expect(events.at(-1)?.event).toEqual({
        $case: "ended",
        value: {
          state: JobState.JOB_STATE_INTERRUPTED,
          message: "the server shut down while the job was running",
        },
      });
      expect(await first.exited).toBe(0);
      expect(first.lines.map((l) => l.msg)).toContain("interrupted running jobs");
    } finally {
      stop(first);
    }
    const second = await startFakeJobsServer(dataDir);
    try {
      expect((await second.client.getJob(jobId)).job?.state).toBe(JobState.JOB_STATE_INTERRUPTED);
    } finally {
      stop(second);
    }
  });
});
