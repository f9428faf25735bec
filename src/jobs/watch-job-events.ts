import { NormserveError } from "../errors/normserve-error.js";
import { type JobEvent, JobState } from "../gen/normserve/v1/jobs.js";
import type { JobRecord } from "./job-record.js";
import type { JobSubscription } from "./job-subscription.js";

/** How a finished job ends a watch: OK after success, else an error carrying the job's message. */
export function endOfWatch(record: JobRecord): NormserveError | undefined {
  if (record.state === JobState.JOB_STATE_SUCCEEDED) return undefined;
  if (record.state === JobState.JOB_STATE_CANCELLED) {
    return new NormserveError("CANCELLED", record.message || `job ${record.jobId} was cancelled`);
  }
  return new NormserveError("ABORTED", record.message || `job ${record.jobId} did not finish`);
}

/** Inputs of {@link watchJobEvents}. */
export interface WatchSource {
  /** The job's record when the watch began. */
  readonly record: JobRecord;
  /** Reads the log after a sequence number. */
  readEvents(afterSequence: number): Promise<JobEvent[]>;
  /** The live subscription, made before the log is read; undefined when the job had already finished. */
  readonly subscription: JobSubscription | undefined;
  /** Called once when the watch ends, however it ends. */
  release(): void;
}

/**
 * Replays the logged events after `afterSequence`, then follows the live ones, skipping any
 * sequence number already sent (the subscription predates the read, so nothing falls in
 * between). Returns after a successful job; throws CANCELLED, ABORTED (failed, interrupted),
 * RESOURCE_EXHAUSTED (fell too far behind) or CANCELLED (the watcher's signal aborted).
 */
export async function* watchJobEvents(source: WatchSource, afterSequence: number): AsyncGenerator<JobEvent> {
  try {
    let last = afterSequence;
    for (const event of await source.readEvents(afterSequence)) {
      if (event.sequence <= last) continue;
      last = event.sequence;
      yield event;
    }
    const subscription = source.subscription;
    if (subscription === undefined) {
      const end = endOfWatch(source.record);
      if (end) throw end;
      return;
    }
    for (;;) {
      const item = await subscription.next();
      if (item.kind === "event") {
        if (item.event.sequence <= last) continue;
        last = item.event.sequence;
        yield item.event;
      } else if (item.kind === "end") {
        const end = endOfWatch(item.record);
        if (end) throw end;
        return;
      } else if (item.kind === "overflow") {
        throw new NormserveError(
          "RESOURCE_EXHAUSTED",
          `watcher of job ${source.record.jobId} fell too far behind after sequence ${last}; watch again with after_sequence=${last}`,
        );
      } else {
        throw new NormserveError("CANCELLED", "watch cancelled");
      }
    }
  } finally {
    source.release();
  }
}
