import type { ServerWritableStream } from "@grpc/grpc-js";
import { NormserveError } from "../errors/normserve-error.js";
import type { JobEvent } from "../gen/normserve/v1/jobs.js";
import type { JobManager } from "../jobs/job-manager.js";
import type { PrepareDeps } from "../jobs/job-preparers.js";
import type { PreparedJob } from "../jobs/job-runner.js";
import { streamJobEvents } from "./job-event-stream.js";
import type { Logger } from "./logger.js";

/**
 * Train and Evaluate: validates the request (`prepare`; its errors are the call's status, before
 * any job exists), submits the job with the request's bytes and streams its events from the start.
 * Without `prepare` the method is UNIMPLEMENTED. Disconnecting does not cancel the job.
 */
export function makeSubmitJobHandler<Req>(
  method: string,
  logger: Logger,
  jobs: () => Promise<JobManager>,
  prepare: ((request: Req, deps: PrepareDeps) => Promise<PreparedJob>) | undefined,
  codec: { encode(message: Req): { finish(): Uint8Array } },
) {
  return (call: ServerWritableStream<Req, JobEvent>): void => {
    streamJobEvents(call, method, logger, jobs, async (manager, signal) => {
      if (prepare === undefined)
        throw new NormserveError("UNIMPLEMENTED", `${method} is not available on this server`);
      const prepared = await prepare(call.request, manager.prepareDeps());
      signal.throwIfAborted();
      const jobId = await manager.submit(prepared, codec.encode(call.request).finish());
      return { jobId, afterSequence: 0 };
    });
  };
}
