import type { ServerUnaryCall, sendUnaryData } from "@grpc/grpc-js";
import type { CancelJobRequest, CancelJobResponse } from "../gen/normserve/v1/jobs.js";
import type { JobManager } from "../jobs/job-manager.js";
import { toServiceError } from "./error-status.js";
import type { Logger } from "./logger.js";

/** CancelJob: stops a queued or running job; answers with the job's info afterwards. */
export function makeCancelJobHandler(logger: Logger, jobs: () => Promise<JobManager>) {
  return (
    call: ServerUnaryCall<CancelJobRequest, CancelJobResponse>,
    callback: sendUnaryData<CancelJobResponse>,
  ): void => {
    jobs()
      .then((manager) => manager.cancel(call.request.jobId))
      .then(
        (job) => callback(null, { job }),
        (error: unknown) => callback(toServiceError(error, "CancelJob", logger)),
      );
  };
}
