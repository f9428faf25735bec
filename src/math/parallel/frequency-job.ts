import { type FrequencyTaskName, type FrequencyTaskTypes, runFrequencyTask } from "./frequency-tasks.js";

/** One parallel step of a job: run `task` over `items`, split into chunks by the runner. */
export interface FrequencyMapRequest {
  readonly task: FrequencyTaskName;
  readonly shared: unknown;
  /** Item indices; the runner splits them into contiguous chunks, results come back in order. */
  readonly items: Int32Array;
  /** Each chunk returns a large partial sum: use one chunk per thread. */
  readonly partialSums?: boolean;
}

/**
 * A computation written once for both runners: a generator that yields map requests and
 * receives, for each, the per-chunk results in chunk order (one chunk when run inline).
 */
export type FrequencyJob<R> = Generator<FrequencyMapRequest, R, unknown[]>;

/** Anything that can run map requests: the worker pool (see `FrequencyPool`). */
export interface FrequencyMapper {
  /** Threads the mapper runs on (chunking hint). */
  readonly size: number;
  map(task: FrequencyTaskName, shared: unknown, chunks: readonly Int32Array[]): Promise<unknown[]>;
}

/** Typed `yield*` helper for jobs: the chunk results of one map request. */
export function* mapFrequencies<K extends FrequencyTaskName>(
  task: K,
  shared: FrequencyTaskTypes[K]["shared"],
  items: Int32Array,
  partialSums = false,
): Generator<FrequencyMapRequest, FrequencyTaskTypes[K]["result"][], unknown[]> {
  return (yield { task, shared, items, partialSums }) as FrequencyTaskTypes[K]["result"][];
}

/** Runs a job entirely in the calling thread. */
export function runJobSync<R>(job: FrequencyJob<R>): R {
  let step = job.next();
  while (!step.done) {
    const { task, shared, items } = step.value;
    step = job.next(items.length === 0 ? [] : [runFrequencyTask(task, shared as never, items)]);
  }
  return step.value;
}

/** Splits `items` into at most `count` contiguous, nearly equal, non-empty chunks. */
export function chunkItems(items: Int32Array, count: number): Int32Array[] {
  const n = Math.max(1, Math.min(count, items.length));
  const out: Int32Array[] = [];
  for (let c = 0; c < n; c++) {
    const lo = Math.floor((c * items.length) / n);
    const hi = Math.floor(((c + 1) * items.length) / n);
    if (hi > lo) out.push(items.subarray(lo, hi));
  }
  return out;
}

/**
 * Runs a job with its map requests spread over `mapper`: about 3 chunks per thread, or one item
 * per chunk when there are few items (a few expensive frequencies balance better that way).
 */
export async function runJobAsync<R>(job: FrequencyJob<R>, mapper: FrequencyMapper): Promise<R> {
  let step = job.next();
  while (!step.done) {
    const { task, shared, items, partialSums } = step.value;
    const count = partialSums
      ? mapper.size
      : items.length <= 8 * mapper.size
        ? items.length
        : 3 * mapper.size;
    const chunks = chunkItems(items, count);
    const results = items.length === 0 ? [] : await mapper.map(task, shared, chunks);
    step = job.next(results);
  }
  return step.value;
}
