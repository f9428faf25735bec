import { describe, expect, it } from "vitest";
import { JobState, NormserveClient } from "../../clients/ts/src/index.js";
import { smallTrainRequest } from "../../src/train/testing/train-request.js";
import { cases, collect, readUntil, tempDataDir } from "../support/job-helpers.js";
import { type NormserveProcess, startNormserveProcess } from "../support/normserve-process.js";

interface Running extends NormserveProcess {
  readonly client: NormserveClient;
}

/** The real `normserve` (real Train preparer, default engine ladder) on `dataDir`. */
async function startNormserve(dataDir: string): Promise<Running> {
  const running = await startNormserveProcess(["--listen", "127.0.0.1:0"], { NORMSERVE_DATA_DIR: dataDir });
  return { ...running, client: new NormserveClient(running.address) };
}

function stop(running: Running): void {
  running.client.close();
  running.child.kill("SIGKILL");
}

describe("Train restart-and-resume (real normserve process)", () => {
  it("SIGKILL after epoch 0's checkpoint; after a restart the job is INTERRUPTED and Train with resume_from finishes the remaining epochs", async () => {
    const dataDir = await tempDataDir();
    // Enough steps per epoch that the kill lands long before the job could finish.
    const request = smallTrainRequest({
      epochs: 3,
      trainData: {
        source: {
          $case: "synthetic",
          value: { n: 1536, imageShape: [1, 28, 28], classes: 10, seed: 1, noise: 0.1 },
        },
        format: 0,
        split: 0,
        limit: 0,
      },
      normsEverySteps: 0,
      progressEverySteps: 8,
    });
    const first = await startNormserve(dataDir);
    let interrupted = "";
    try {
      const head = await readUntil(
        first.client.train(request),
        (e) => e.event?.$case === "epoch" && e.event.value.epoch === 0,
      );
      interrupted = head[0].jobId;
      first.child.kill("SIGKILL");
      await first.exited;
    } finally {
      stop(first);
    }

    const second = await startNormserve(dataDir);
    try {
      const info = (await second.client.getJob(interrupted, true)).job;
      expect(info?.state).toBe(JobState.JOB_STATE_INTERRUPTED);
      expect(info?.hasModel).toBe(true); // the epoch-0 checkpoint

      const resumed = await collect(second.client.train({ ...request, resumeFrom: interrupted }));
      expect(resumed.error).toBeUndefined();
      const started = resumed.events.find((e) => e.event?.$case === "started")?.event;
      expect(started?.$case === "started" && started.value.resumedFrom).toBe(interrupted);
      expect(started?.$case === "started" && started.value.startStep).toBe(1536 / 32);
      const epochs = resumed.events.flatMap((e) => (e.event?.$case === "epoch" ? [e.event.value.epoch] : []));
      expect(epochs).toEqual([1, 2]);
      expect(cases(resumed.events).at(-1)).toBe("trainCompleted");
      const done = await second.client.getJob(resumed.events[0].jobId, true);
      expect(done.job?.state).toBe(JobState.JOB_STATE_SUCCEEDED);
      expect(done.job?.resumedFrom).toBe(interrupted);
      expect(done.onnxModel.length).toBeGreaterThan(0);
    } finally {
      stop(second);
    }
  }, 120_000);
});
