import type { JobContext, JobEngine, JobEventPayload } from "./job-runner.js";
import type { JobStore } from "./job-store.js";

/** What {@link makeJobContext} needs of the job manager. */
export interface JobContextParts {
  readonly jobId: string;
  readonly signal: AbortSignal;
  readonly engine: JobEngine;
  readonly store: JobStore;
  emit(payload: JobEventPayload): void;
  setProgress(step: number, totalSteps: number): void;
}

/** The {@link JobContext} a job's `run` gets: its events, progress and artifacts go through the manager and store. */
export function makeJobContext(parts: JobContextParts): JobContext {
  const { jobId, signal, engine, store } = parts;
  return {
    jobId,
    signal,
    engine,
    emit: (payload) => parts.emit(payload),
    setProgress: (step, totalSteps) => parts.setProgress(step, totalSteps),
    saveArtifact: (name, bytes) => store.saveArtifact(jobId, name, bytes),
    readArtifact: (otherJobId, name) => store.readArtifact(otherJobId, name),
  };
}
