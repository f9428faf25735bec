import type { ServerWritableStream } from "@grpc/grpc-js";
import type { JobEvent } from "../gen/normserve/v1/jobs.js";
import type { JobManager } from "../jobs/job-manager.js";
import { cancellationSignal } from "./cancellation-signal.js";
import { toServiceError } from "./error-status.js";
import type { Logger } from "./logger.js";

function drained(call: ServerWritableStream<unknown, JobEvent>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      call.off("drain", done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    call.on("drain", done);
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * Streams a job's events to a server-streaming call (WatchJob, Train, Evaluate): `start` picks
 * the job (and may submit it), then its events after `afterSequence` follow until the job ends.
 * The call ends OK after a successful job, else with the watch's status (CANCELLED, ABORTED,
 * RESOURCE_EXHAUSTED, NOT_FOUND, or whatever `start` threw). A client that goes away only
 * ends its watch; the job keeps running.
 */
export function streamJobEvents(
  call: ServerWritableStream<unknown, JobEvent>,
  method: string,
  logger: Logger,
  jobs: () => Promise<JobManager>,
  start: (manager: JobManager, signal: AbortSignal) => Promise<{ jobId: string; afterSequence: number }>,
): void {
  const { signal, dispose } = cancellationSignal(call);
  void (async () => {
    try {
      const manager = await jobs();
      const { jobId, afterSequence } = await start(manager, signal);
      for await (const event of manager.watch(jobId, afterSequence, signal)) {
        if (signal.aborted) break;
        if (!call.write(event)) await drained(call, signal);
      }
      if (!signal.aborted) call.end();
    } catch (error) {
      if (!signal.aborted) call.emit("error", toServiceError(error, method, logger));
    } finally {
      dispose();
    }
  })();
}
