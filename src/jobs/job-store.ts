import type { JobEvent } from "../gen/normserve/v1/jobs.js";
import type { JobRecord } from "./job-record.js";

/**
 * Where jobs live: state, event logs and artifacts (DESIGN §6). The embedded default is
 * {@link FileJobStore} (files under `--data-dir`); a shared store (S3-compatible storage plus a
 * database) is another adapter of this interface.
 *
 * `appendEvent` and `writeRecord` are synchronous so that an event is durable before it is fanned
 * out, and so that a watcher that subscribes before reading the log misses nothing.
 */
export interface JobStore {
  /** Every stored job's record (start-up recovery); a broken record is skipped. */
  listRecords(): Promise<JobRecord[]>;
  /** Stores a new job: its record and its request bytes (for resume). */
  create(record: JobRecord, requestBytes: Uint8Array): Promise<void>;
  /** Replaces a job's record. */
  writeRecord(record: JobRecord): void;
  /** Appends one event to a job's log. */
  appendEvent(event: JobEvent): void;
  /** The logged events with a sequence number above `afterSequence`, in order. */
  readEvents(jobId: string, afterSequence: number): Promise<JobEvent[]>;
  /** The highest sequence number in a job's log (0: none); for recovery after a crash. */
  lastLoggedSequence(jobId: string): Promise<number>;
  /** Stores an artifact of a job. */
  saveArtifact(jobId: string, name: string, bytes: Uint8Array): Promise<void>;
  /** Reads an artifact; undefined when the job or the artifact does not exist. */
  readArtifact(jobId: string, name: string): Promise<Uint8Array | undefined>;
  /** Whether an artifact exists. */
  hasArtifact(jobId: string, name: string): boolean;
}
