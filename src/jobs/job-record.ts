import { type JobInfo, JobKind, JobState } from "../gen/normserve/v1/jobs.js";
import type { PreparedJob } from "./job-runner.js";

/** What the job store keeps of a job (`job.json`). */
export interface JobRecord {
  readonly jobId: string;
  readonly kind: "train" | "evaluate";
  state: JobState;
  readonly createdAtMs: number;
  startedAtMs: number;
  finishedAtMs: number;
  step: number;
  totalSteps: number;
  /** First step (resume). */
  readonly startStep: number;
  message: string;
  backend: string;
  readonly resumedFrom: string;
  /** Sequence number of the last event in the log. */
  lastSequence: number;
  /** Artifacts that GetJob(include_model) returns, first existing wins. */
  readonly modelArtifacts: readonly string[];
}

/** True for SUCCEEDED, FAILED, CANCELLED and INTERRUPTED. */
export function isFinished(state: JobState): boolean {
  return (
    state === JobState.JOB_STATE_SUCCEEDED ||
    state === JobState.JOB_STATE_FAILED ||
    state === JobState.JOB_STATE_CANCELLED ||
    state === JobState.JOB_STATE_INTERRUPTED
  );
}

/** The wire kind of a job kind. */
export function wireJobKind(kind: JobRecord["kind"]): JobKind {
  return kind === "train" ? JobKind.JOB_KIND_TRAIN : JobKind.JOB_KIND_EVALUATE;
}

/** A record as the wire's JobInfo, given its queue position and whether a model is stored. */
export function toJobInfo(record: JobRecord, queuePosition: number, hasModel: boolean): JobInfo {
  return {
    jobId: record.jobId,
    kind: wireJobKind(record.kind),
    state: record.state,
    createdAtMs: record.createdAtMs,
    startedAtMs: record.startedAtMs,
    finishedAtMs: record.finishedAtMs,
    step: record.step,
    totalSteps: record.totalSteps,
    queuePosition,
    message: record.message,
    lastSequence: record.lastSequence,
    backend: record.backend,
    hasModel,
    resumedFrom: record.resumedFrom,
  };
}

/** The record of a job just submitted (QUEUED, no events yet). */
export function newJobRecord(jobId: string, prepared: PreparedJob, nowMs: number): JobRecord {
  return {
    jobId,
    kind: prepared.kind,
    state: JobState.JOB_STATE_QUEUED,
    createdAtMs: nowMs,
    startedAtMs: 0,
    finishedAtMs: 0,
    step: prepared.startStep ?? 0,
    totalSteps: prepared.totalSteps,
    startStep: prepared.startStep ?? 0,
    message: "",
    backend: "",
    resumedFrom: prepared.resumedFrom ?? "",
    lastSequence: 0,
    modelArtifacts: [...(prepared.modelArtifacts ?? [])],
  };
}
