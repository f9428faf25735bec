import { NormserveError } from "../errors/normserve-error.js";
import { JobState } from "../gen/normserve/v1/jobs.js";
import type { Logger } from "../server/logger.js";

/**
 * How a job whose `run` threw ends: CANCELLED when its signal had aborted, else FAILED with a
 * NormserveError's message as is, or "internal error" for anything else (the stack is logged,
 * never shown to clients).
 */
export function jobFailure(
  error: unknown,
  signal: AbortSignal,
  jobId: string,
  logger: Logger,
): { state: JobState; message: string } {
  if (signal.aborted) return { state: JobState.JOB_STATE_CANCELLED, message: "cancelled" };
  if (error instanceof NormserveError) return { state: JobState.JOB_STATE_FAILED, message: error.message };
  logger.log("error", "job failed", {
    jobId,
    error: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
  return { state: JobState.JOB_STATE_FAILED, message: "internal error (logged on the server)" };
}
