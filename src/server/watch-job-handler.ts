import type { ServerWritableStream } from "@grpc/grpc-js";
import type { JobEvent, WatchJobRequest } from "../gen/normserve/v1/jobs.js";
import type { JobManager } from "../jobs/job-manager.js";
import { streamJobEvents } from "./job-event-stream.js";
import type { Logger } from "./logger.js";

/** WatchJob: replays a job's events after `after_sequence`, then follows it until it ends. */
export function makeWatchJobHandler(logger: Logger, jobs: () => Promise<JobManager>) {
  return (call: ServerWritableStream<WatchJobRequest, JobEvent>): void => {
    streamJobEvents(call, "WatchJob", logger, jobs, async () => ({
      jobId: call.request.jobId,
      afterSequence: call.request.afterSequence,
    }));
  };
}
