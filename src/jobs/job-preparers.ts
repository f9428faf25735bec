import type { EvaluateRequest } from "../gen/normserve/v1/evaluate.js";
import type { JobInfo } from "../gen/normserve/v1/jobs.js";
import type { TrainRequest } from "../gen/normserve/v1/train.js";
import type { PreparedJob } from "./job-runner.js";

/** What a `prepare*` function may look up while validating a request (`model_id`, `resume_from`). */
export interface PrepareDeps {
  /** An artifact of any job; undefined when the job or the artifact does not exist. */
  readArtifact(jobId: string, name: string): Promise<Uint8Array | undefined>;
  /** A job's current info; undefined for an unknown id. */
  jobState(jobId: string): JobInfo | undefined;
}

/**
 * Turns Train and Evaluate requests into {@link PreparedJob}s, throwing INVALID_ARGUMENT /
 * FAILED_PRECONDITION / NOT_FOUND before anything is queued. The server takes these as an option
 * so tests can run fake jobs; `normserve` plugs in `prepareTrainJob` (src/train) and
 * `prepareEvaluateJob` (src/attack).
 */
export interface JobPreparers {
  readonly train?: (request: TrainRequest, deps: PrepareDeps) => Promise<PreparedJob>;
  readonly evaluate?: (request: EvaluateRequest, deps: PrepareDeps) => Promise<PreparedJob>;
}
