import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { FrequencyMapper } from "./frequency-job.js";
import type { FrequencyTaskName } from "./frequency-tasks.js";

/** Options of {@link FrequencyPool}. */
export interface FrequencyPoolOptions {
  /** Worker threads (default: available parallelism, at least 1). */
  readonly threads?: number;
}

interface Request {
  readonly id: number;
  readonly task: FrequencyTaskName;
  readonly shared: unknown;
  readonly chunks: readonly Int32Array[];
  readonly results: unknown[];
  next: number;
  pending: number;
  readonly holders: Set<Slot>;
  readonly resolve: (r: unknown[]) => void;
  readonly reject: (e: Error) => void;
  failed: boolean;
}

interface Slot {
  readonly worker: Worker;
  busy?: { request: Request; index: number };
}

/** Worker entry: the compiled .js next to this module, or the .ts source run through tsx. */
function spawn(): Worker {
  const self = import.meta.url;
  if (self.endsWith(".js")) return new Worker(new URL("./frequency-worker.js", self));
  const require = createRequire(self);
  const api = pathToFileURL(
    join(dirname(require.resolve("tsx/package.json")), "dist/esm/api/index.mjs"),
  ).href;
  const entry = new URL("./frequency-worker.ts", self).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true });
}

/**
 * A small pool of worker threads that runs frequency tasks (see `runJobAsync`). Shared data
 * goes to each worker once per request; chunks are handed out as workers free up, so uneven
 * chunks balance. Idle workers are `unref`'d — an idle pool never keeps Node alive — and
 * `close()` terminates them. A worker that dies fails its request and is replaced. Results are
 * copied back, never transferred, so no ArrayBuffer is ever detached in a worker isolate (that
 * would slow every typed-array loop there for good). Meant to live as long as the server.
 */
export class FrequencyPool implements FrequencyMapper {
  readonly size: number;
  private slots: Slot[] = [];
  private queue: Request[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: FrequencyPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  }

  /** Runs `task` on each chunk; resolves with the results in chunk order. */
  map(task: FrequencyTaskName, shared: unknown, chunks: readonly Int32Array[]): Promise<unknown[]> {
    if (this.closed) return Promise.reject(new Error("FrequencyPool is closed"));
    if (chunks.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      const request: Request = {
        id: this.nextId++,
        task,
        shared,
        chunks,
        results: new Array(chunks.length),
        next: 0,
        pending: chunks.length,
        holders: new Set(),
        resolve,
        reject,
        failed: false,
      };
      this.queue.push(request);
      while (this.slots.length < Math.min(this.size, chunks.length)) this.slots.push(this.makeSlot());
      this.dispatch();
    });
  }

  /** Starts every worker and waits until each has loaded its code (optional; `map` starts them lazily). */
  async warmUp(): Promise<void> {
    const chunks = Array.from({ length: this.size }, (_, i) => Int32Array.of(i));
    while (this.slots.length < this.size) this.slots.push(this.makeSlot());
    await this.map("noop", null, chunks);
  }

  /** Terminates every worker; pending requests fail. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots;
    this.slots = [];
    for (const r of this.queue) this.fail(r, new Error("FrequencyPool closed"));
    this.queue = [];
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private makeSlot(): Slot {
    const worker = spawn();
    worker.unref();
    const slot: Slot = { worker };
    worker.on("message", (msg: { id: number; index: number; result?: unknown; error?: string }) => {
      const busy = slot.busy;
      slot.busy = undefined;
      worker.unref();
      if (busy && busy.request.id === msg.id) {
        const r = busy.request;
        if (msg.error !== undefined) this.fail(r, new Error(`frequency task ${r.task} failed: ${msg.error}`));
        else if (!r.failed) {
          r.results[msg.index] = msg.result;
          if (--r.pending === 0) this.finish(r);
        }
      }
      this.dispatch();
    });
    const onDeath = (err: Error) => {
      this.slots = this.slots.filter((s) => s !== slot);
      if (slot.busy) this.fail(slot.busy.request, err);
      slot.busy = undefined;
      if (!this.closed && this.queue.length > 0) {
        this.slots.push(this.makeSlot());
        this.dispatch();
      }
    };
    worker.on("error", onDeath);
    worker.on("exit", (code) => {
      if (!this.closed) onDeath(new Error(`frequency worker exited with code ${code}`));
    });
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const request = this.queue.find((r) => r.next < r.chunks.length);
      if (!request) return;
      const index = request.next++;
      slot.busy = { request, index };
      slot.worker.ref();
      const first = !request.holders.has(slot);
      request.holders.add(slot);
      slot.worker.postMessage({
        id: request.id,
        task: request.task,
        shared: first ? request.shared : undefined,
        hasShared: first,
        index,
        items: request.chunks[index],
      });
    }
  }

  private finish(r: Request): void {
    this.queue = this.queue.filter((q) => q !== r);
    for (const slot of r.holders) slot.worker.postMessage({ release: r.id });
    r.resolve(r.results);
  }

  private fail(r: Request, err: Error): void {
    if (r.failed) return;
    r.failed = true;
    r.next = r.chunks.length;
    this.queue = this.queue.filter((q) => q !== r);
    for (const slot of r.holders) slot.worker.postMessage({ release: r.id });
    r.reject(err);
  }
}
