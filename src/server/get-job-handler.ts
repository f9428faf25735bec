import type { ServerUnaryCall, sendUnaryData } from "@grpc/grpc-js";
import { NormserveError } from "../errors/normserve-error.js";
import type { GetJobRequest, GetJobResponse } from "../gen/normserve/v1/jobs.js";
import type { JobManager } from "../jobs/job-manager.js";
import { toServiceError } from "./error-status.js";
import type { Logger } from "./logger.js";

async function getJob(manager: JobManager, request: GetJobRequest): Promise<GetJobResponse> {
  const job = manager.get(request.jobId);
  if (job === undefined) throw new NormserveError("NOT_FOUND", `no job ${JSON.stringify(request.jobId)}`);
  const model = request.includeModel ? await manager.model(request.jobId) : undefined;
  return { job, onnxModel: model ?? new Uint8Array(0) };
}

/** GetJob: a job's state and progress, and with `include_model` its stored model. */
export function makeGetJobHandler(logger: Logger, jobs: () => Promise<JobManager>) {
  return (
    call: ServerUnaryCall<GetJobRequest, GetJobResponse>,
    callback: sendUnaryData<GetJobResponse>,
  ): void => {
    jobs()
      .then((manager) => getJob(manager, call.request))
      .then(
        (response) => callback(null, response),
        (error: unknown) => callback(toServiceError(error, "GetJob", logger)),
      );
  };
}
