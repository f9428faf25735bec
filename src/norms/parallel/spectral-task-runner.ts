import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { SpectralInputError, type SpectralNormResult } from "../../math/spectral-types.js";
import { spawnModuleWorker } from "./spawn-module-worker.js";
import { runSpectralTask, type SpectralTask } from "./spectral-task.js";

/** Options of {@link SpectralTaskRunner}. */
export interface SpectralTaskRunnerOptions {
  /** Worker threads at most (default: available parallelism, at least 1). */
  readonly threads?: number;
  /** Tasks costing fewer multiply-adds than this run inline (default 2·10⁷, ~20 ms). */
  readonly inlineBelow?: number;
}

interface Job {
  readonly task: SpectralTask;
  readonly signal?: AbortSignal;
  readonly resolve: (r: SpectralNormResult) => void;
  readonly reject: (e: unknown) => void;
}

interface Reply {
  readonly id: number;
  readonly result?: SpectralNormResult;
  readonly error?: { readonly name: string; readonly message: string };
}

/** Multiply-adds of a task, roughly. */
function cost(task: SpectralTask): number {
  if (task.kind === "linear") return 2 * task.rows * task.cols * Math.min(100, task.rows, task.cols);
  const g = task.geometry;
  const size = (v: readonly number[]) => v.reduce((a, b) => a * b, 1);
  const perApply = (g.outChannels * g.inChannels * size(g.kernelSpatial) * size(g.outputSpatial)) / g.group;
  return 2 * perApply * (task.power.maxIterations ?? 100);
}

/** Structured clone copies a typed array's whole buffer: send a view of a large buffer as a copy. */
function compact(task: SpectralTask): SpectralTask {
  const w = task.weight;
  return w.byteOffset === 0 && w.byteLength === w.buffer.byteLength ? task : { ...task, weight: w.slice() };
}

function rebuild(error: { readonly name: string; readonly message: string }): Error {
  if (error.name === "SpectralInputError") return new SpectralInputError(error.message);
  if (error.name === "RangeError") return new RangeError(error.message);
  return new Error(`spectral task failed: ${error.name}: ${error.message}`);
}

/**
 * Runs single-threaded spectral tasks (conv power iteration, exact linear σ_max) off the event
 * loop: each large task gets a worker thread of its own (up to `threads`, then they queue), small
 * ones run inline. Aborting a task's signal terminates its worker at once — the computation
 * stops, the promise rejects with the signal's reason — and a fresh worker is started for the
 * next task. Idle workers are `unref`'d, so they never keep Node alive; `close()` ends them.
 */
export class SpectralTaskRunner {
  readonly threads: number;
  private readonly inlineBelow: number;
  private idle: Worker[] = [];
  private busy = 0;
  private queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: SpectralTaskRunnerOptions = {}) {
    this.threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
    this.inlineBelow = options.inlineBelow ?? 2e7;
  }

  /** Runs `task`; rejects with `signal.reason` when the signal aborts first. */
  run(task: SpectralTask, signal?: AbortSignal): Promise<SpectralNormResult> {
    if (this.closed) return Promise.reject(new Error("SpectralTaskRunner is closed"));
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (cost(task) < this.inlineBelow) {
      try {
        return Promise.resolve(runSpectralTask(task));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ task, signal, resolve, reject });
      this.dispatch();
    });
  }

  /** Terminates every idle worker; running tasks finish, later calls reject. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    const idle = this.idle;
    this.idle = [];
    for (const job of this.queue) job.reject(new Error("SpectralTaskRunner closed"));
    this.queue = [];
    await Promise.all(idle.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0 && (this.idle.length > 0 || this.busy < this.threads)) {
      const job = this.queue.shift() as Job;
      if (job.signal?.aborted) {
        job.reject(job.signal.reason);
        continue;
      }
      const worker = this.idle.pop() ?? spawnModuleWorker(import.meta.url, "spectral-worker");
      this.busy++;
      this.start(worker, job);
    }
  }

  private start(worker: Worker, job: Job): void {
    const id = this.nextId++;
    let settled = false;
    const finish = (keep: boolean) => {
      settled = true;
      this.busy--;
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      job.signal?.removeEventListener("abort", onAbort);
      if (keep && !this.closed) {
        worker.unref();
        this.idle.push(worker);
      } else void worker.terminate();
      this.dispatch();
    };
    const onMessage = (reply: Reply) => {
      if (settled || reply.id !== id) return;
      finish(true);
      if (reply.error !== undefined) job.reject(rebuild(reply.error));
      else if (reply.result !== undefined) job.resolve(reply.result);
      else job.reject(new Error("spectral worker sent no result"));
    };
    const onError = (error: Error) => {
      if (settled) return;
      finish(false);
      job.reject(error);
    };
    const onExit = (code: number) => onError(new Error(`spectral worker exited with code ${code}`));
    const onAbort = () => {
      if (settled) return;
      finish(false);
      job.reject(job.signal?.reason);
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    job.signal?.addEventListener("abort", onAbort, { once: true });
    worker.ref();
    worker.postMessage({ id, task: compact(job.task) });
  }
}
