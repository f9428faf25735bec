import type { ServerWritableStream } from "@grpc/grpc-js";
import { NormserveError } from "../errors/normserve-error.js";
import type { JobEvent } from "../gen/normserve/v1/jobs.js";
import { TrainRequest } from "../gen/normserve/v1/train.js";
import type { JobManager } from "../jobs/job-manager.js";
import type { JobPreparers } from "../jobs/job-preparers.js";
import { streamJobEvents } from "./job-event-stream.js";
import type { Logger } from "./logger.js";

/**
 * Train: validates the request (`preparers.train`; its errors are the call's status, before any
 * job exists), submits the job and streams its events from the start. Disconnecting does not
 * cancel the job.
 */
export function makeTrainHandler(logger: Logger, jobs: () => Promise<JobManager>, preparers: JobPreparers) {
  return (call: ServerWritableStream<TrainRequest, JobEvent>): void => {
    streamJobEvents(call, "Train", logger, jobs, async (manager, signal) => {
      const prepare = preparers.train;
      if (prepare === undefined)
        throw new NormserveError("UNIMPLEMENTED", "Train is not available on this server");
      const prepared = await prepare(call.request, manager.prepareDeps());
      signal.throwIfAborted();
      const jobId = await manager.submit(prepared, TrainRequest.encode(call.request).finish());
      return { jobId, afterSequence: 0 };
    });
  };
}
