import type { ServerUnaryCall, sendUnaryData } from "@grpc/grpc-js";
import type { ListJobsRequest, ListJobsResponse } from "../gen/normserve/v1/jobs.js";
import type { JobManager } from "../jobs/job-manager.js";
import { toServiceError } from "./error-status.js";
import type { Logger } from "./logger.js";

/** ListJobs: the jobs of a kind and/or state (unspecified: any), newest first, with queue positions. */
export function makeListJobsHandler(logger: Logger, jobs: () => Promise<JobManager>) {
  return (
    call: ServerUnaryCall<ListJobsRequest, ListJobsResponse>,
    callback: sendUnaryData<ListJobsResponse>,
  ): void => {
    jobs().then(
      (manager) =>
        callback(null, { jobs: manager.list({ kind: call.request.kind, state: call.request.state }) }),
      (error: unknown) => callback(toServiceError(error, "ListJobs", logger)),
    );
  };
}
