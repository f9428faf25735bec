import { NormserveError } from "../errors/normserve-error.js";
import { type JobEvent, type JobInfo, type JobKind, JobState } from "../gen/normserve/v1/jobs.js";
import type { Logger } from "../server/logger.js";
import { makeJobContext } from "./job-context.js";
import type { JobEngineProvider } from "./job-engine-provider.js";
import { jobFailure } from "./job-failure.js";
import { newJobId } from "./job-id.js";
import type { PrepareDeps } from "./job-preparers.js";
import type { JobQueue } from "./job-queue.js";
import { isFinished, type JobRecord, newJobRecord, toJobInfo, wireJobKind } from "./job-record.js";
import type { JobEventPayload, PreparedJob } from "./job-runner.js";
import type { JobStore } from "./job-store.js";
import { DEFAULT_WATCHER_BUFFER, JobSubscription } from "./job-subscription.js";
import { watchJobEvents } from "./watch-job-events.js";

/** Waits for `promises` to settle, at most `ms` milliseconds. */
async function settleWithin(promises: readonly Promise<void>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(promises),
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

/** Options of {@link JobManager.open}. */
export interface JobManagerOptions {
  readonly store: JobStore;
  readonly queue: JobQueue;
  readonly engine: JobEngineProvider;
  readonly logger: Logger;
  /** Events a watcher may fall behind by before it is dropped (default 1024). */
  readonly watcherBuffer?: number;
}

interface LiveJob {
  readonly record: JobRecord;
  prepared?: PreparedJob;
  controller?: AbortController;
  /** Settles when `run` has returned or thrown. */
  running?: Promise<void>;
  readonly watchers: Set<JobSubscription>;
}

/** ListJobs filters (UNSPECIFIED: any). */
export interface JobFilter {
  readonly kind?: JobKind;
  readonly state?: JobState;
}

/**
 * Runs jobs: queues them, runs each `PreparedJob` with a {@link JobContext}, logs and fans out
 * their events, and tracks their state in the {@link JobStore}. Jobs outlive the calls that
 * started or watch them; CancelJob and shutdown abort them through their signal.
 */
export class JobManager {
  private readonly jobs = new Map<string, LiveJob>();
  private closing = false;

  private constructor(private readonly options: JobManagerOptions) {}

  /** Loads the stored jobs; those found QUEUED or RUNNING (the server stopped) become INTERRUPTED. */
  static async open(options: JobManagerOptions): Promise<JobManager> {
    const manager = new JobManager(options);
    for (const record of await options.store.listRecords()) {
      const job: LiveJob = { record, watchers: new Set() };
      manager.jobs.set(record.jobId, job);
      if (!isFinished(record.state)) {
        const logged = await options.store.lastLoggedSequence(record.jobId);
        record.lastSequence = Math.max(record.lastSequence, logged);
        const was = record.state === JobState.JOB_STATE_RUNNING ? "running" : "queued";
        manager.finish(job, JobState.JOB_STATE_INTERRUPTED, `the server stopped while the job was ${was}`);
      }
    }
    return manager;
  }

  /** The lookups `prepare*` functions get. */
  prepareDeps(): PrepareDeps {
    return {
      readArtifact: (jobId, name) => this.options.store.readArtifact(jobId, name),
      jobState: (jobId) => this.get(jobId),
    };
  }

  /** Stores and queues a job; it starts when a worker slot is free. Resolves with its id. */
  async submit(prepared: PreparedJob, requestBytes: Uint8Array): Promise<string> {
    if (this.closing)
      throw new NormserveError("FAILED_PRECONDITION", "the server is shutting down; no new jobs");
    const record = newJobRecord(newJobId(), prepared, Date.now());
    await this.options.store.create(record, requestBytes);
    const job: LiveJob = { record, prepared, watchers: new Set() };
    this.jobs.set(record.jobId, job);
    const position = this.options.queue.enqueue(record.jobId, () => this.start(job));
    if (position > 0) this.emit(job, { $case: "queued", value: { position } });
    return record.jobId;
  }

  /**
   * The job's events after `afterSequence`, then the live ones until the job ends (see
   * {@link watchJobEvents}). Throws NOT_FOUND for an unknown id. Aborting `signal` ends the watch.
   */
  watch(jobId: string, afterSequence: number, signal?: AbortSignal): AsyncGenerator<JobEvent> {
    const job = this.require(jobId);
    const subscription = isFinished(job.record.state)
      ? undefined
      : new JobSubscription(this.options.watcherBuffer ?? DEFAULT_WATCHER_BUFFER);
    const onAbort = () => subscription?.close({ kind: "aborted" });
    if (subscription) {
      job.watchers.add(subscription);
      signal?.addEventListener("abort", onAbort, { once: true });
      if (signal?.aborted) onAbort();
    }
    return watchJobEvents(
      {
        record: { ...job.record },
        readEvents: (after) => this.options.store.readEvents(jobId, after),
        subscription,
        release: () => {
          if (subscription) job.watchers.delete(subscription);
          signal?.removeEventListener("abort", onAbort);
        },
      },
      afterSequence,
    );
  }

  /** Cancels a queued or running job (a finished one is left as it is); NOT_FOUND for unknown ids. */
  cancel(jobId: string): JobInfo {
    const job = this.require(jobId);
    if (!isFinished(job.record.state)) {
      this.options.queue.remove(jobId);
      job.controller?.abort(new NormserveError("CANCELLED", `job ${jobId} was cancelled`));
      this.finish(job, JobState.JOB_STATE_CANCELLED, "cancelled by CancelJob");
    }
    return this.info(job);
  }

  /** A job's info; undefined for unknown ids. */
  get(jobId: string): JobInfo | undefined {
    const job = this.jobs.get(jobId);
    return job && this.info(job);
  }

  /** Jobs matching the filter, newest first. */
  list(filter: JobFilter = {}): JobInfo[] {
    return [...this.jobs.values()]
      .filter((j) => !filter.kind || wireJobKind(j.record.kind) === filter.kind)
      .filter((j) => !filter.state || j.record.state === filter.state)
      .sort(
        (a, b) => b.record.createdAtMs - a.record.createdAtMs || (a.record.jobId < b.record.jobId ? 1 : -1),
      )
      .map((j) => this.info(j));
  }

  /** The job's stored model (its first existing model artifact); NOT_FOUND for unknown ids. */
  async model(jobId: string): Promise<Uint8Array | undefined> {
    const job = this.require(jobId);
    for (const name of job.record.modelArtifacts) {
      const bytes = await this.options.store.readArtifact(jobId, name);
      if (bytes !== undefined) return bytes;
    }
    return undefined;
  }

  /**
   * Server shutdown: queued and running jobs become INTERRUPTED (their signals abort, their
   * watchers end), then waits up to `graceMs` for the running ones to return.
   */
  async shutdown(graceMs = 5_000): Promise<void> {
    this.closing = true;
    this.options.queue.clear();
    const running: Promise<void>[] = [];
    for (const job of this.jobs.values()) {
      if (isFinished(job.record.state)) continue;
      job.controller?.abort(new NormserveError("CANCELLED", "the server is shutting down"));
      if (job.running) running.push(job.running);
      this.finish(job, JobState.JOB_STATE_INTERRUPTED, "the server shut down while the job was running");
    }
    if (running.length === 0) return;
    this.options.logger.log("info", "interrupted running jobs", { jobs: running.length });
    await settleWithin(running, graceMs);
  }

  private require(jobId: string): LiveJob {
    const job = this.jobs.get(jobId);
    if (job === undefined) throw new NormserveError("NOT_FOUND", `no job ${JSON.stringify(jobId)}`);
    return job;
  }

  private info(job: LiveJob): JobInfo {
    const { store, queue } = this.options;
    const hasModel = job.record.modelArtifacts.some((name) => store.hasArtifact(job.record.jobId, name));
    return toJobInfo(job.record, queue.position(job.record.jobId), hasModel);
  }

  private emit(job: LiveJob, payload: JobEventPayload): void {
    // Events of a job that already ended (a run that ignores its signal) are dropped.
    if (isFinished(job.record.state)) return;
    const record = job.record;
    const event: JobEvent = { jobId: record.jobId, sequence: record.lastSequence + 1, event: payload };
    this.options.store.appendEvent(event);
    record.lastSequence = event.sequence;
    this.options.store.writeRecord(record);
    for (const watcher of job.watchers) {
      if (!watcher.push({ kind: "event", event })) job.watchers.delete(watcher);
    }
  }

  private finish(job: LiveJob, state: JobState, message: string): void {
    if (isFinished(job.record.state)) return;
    if (state !== JobState.JOB_STATE_SUCCEEDED) this.emit(job, { $case: "ended", value: { state, message } });
    Object.assign(job.record, { state, message, finishedAtMs: Date.now() });
    this.options.store.writeRecord(job.record);
    for (const watcher of job.watchers) watcher.push({ kind: "end", record: { ...job.record } });
    job.watchers.clear();
    job.prepared = undefined;
  }

  private start(job: LiveJob): Promise<void> {
    job.running = this.run(job);
    return job.running;
  }

  private async run(job: LiveJob): Promise<void> {
    const { record } = job;
    const prepared = job.prepared;
    if (prepared === undefined || isFinished(record.state)) return;
    const controller = new AbortController();
    job.controller = controller;
    try {
      const engine = await this.options.engine();
      if (isFinished(record.state)) return;
      Object.assign(record, {
        state: JobState.JOB_STATE_RUNNING,
        startedAtMs: Date.now(),
        backend: engine.backend.name,
      });
      this.emit(job, {
        $case: "started",
        value: {
          jobId: record.jobId,
          kind: wireJobKind(record.kind),
          backend: record.backend,
          totalSteps: record.totalSteps,
          resumedFrom: record.resumedFrom,
          startStep: record.startStep,
        },
      });
      const ctx = makeJobContext({
        jobId: record.jobId,
        signal: controller.signal,
        engine,
        store: this.options.store,
        emit: (payload) => this.emit(job, payload),
        setProgress: (step, totalSteps) => {
          if (!isFinished(record.state)) Object.assign(record, { step, totalSteps });
        },
      });
      await prepared.run(ctx);
      if (controller.signal.aborted) this.finish(job, JobState.JOB_STATE_CANCELLED, "cancelled");
      else this.finish(job, JobState.JOB_STATE_SUCCEEDED, "");
    } catch (error) {
      const { state, message } = jobFailure(error, controller.signal, record.jobId, this.options.logger);
      this.finish(job, state, message);
    } finally {
      job.controller = undefined;
      job.prepared = undefined;
    }
  }
}
