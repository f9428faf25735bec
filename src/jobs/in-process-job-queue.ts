import type { JobQueue } from "./job-queue.js";

interface Waiting {
  readonly jobId: string;
  readonly start: () => Promise<void>;
}

/** A FIFO queue with `maxConcurrent` in-process worker slots (`--max-concurrent-jobs`). */
export class InProcessJobQueue implements JobQueue {
  private readonly waiting: Waiting[] = [];
  private running = 0;

  constructor(private readonly maxConcurrent = 1) {
    if (!(Number.isSafeInteger(maxConcurrent) && maxConcurrent >= 1)) {
      throw new Error(`InProcessJobQueue: maxConcurrent must be an integer ≥ 1, got ${maxConcurrent}`);
    }
  }

  enqueue(jobId: string, start: () => Promise<void>): number {
    if (this.running < this.maxConcurrent && this.waiting.length === 0) {
      this.launch(start);
      return 0;
    }
    this.waiting.push({ jobId, start });
    return this.waiting.length;
  }

  remove(jobId: string): boolean {
    const index = this.waiting.findIndex((w) => w.jobId === jobId);
    if (index < 0) return false;
    this.waiting.splice(index, 1);
    return true;
  }

  position(jobId: string): number {
    return this.waiting.findIndex((w) => w.jobId === jobId) + 1;
  }

  clear(): void {
    this.waiting.length = 0;
  }

  private launch(start: () => Promise<void>): void {
    this.running++;
    const release = () => {
      this.running--;
      const next = this.waiting.shift();
      if (next !== undefined) this.launch(next.start);
    };
    // A start that throws synchronously or rejects still frees its slot.
    Promise.resolve().then(start).then(release, release);
  }
}
