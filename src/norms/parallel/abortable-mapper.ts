import type { FrequencyMapper } from "../../math/parallel/frequency-job.js";
import type { FrequencyTaskName } from "../../math/parallel/frequency-tasks.js";

/**
 * A {@link FrequencyMapper} that stops a job when `signal` aborts: no map request starts after
 * the abort, and one in flight rejects at once with the signal's reason. (`FrequencyPool` has no
 * way to recall chunks already handed to its workers; they finish and their results are dropped.)
 * @internal
 */
export function abortableMapper(mapper: FrequencyMapper, signal: AbortSignal | undefined): FrequencyMapper {
  if (signal === undefined) return mapper;
  return {
    size: mapper.size,
    map(task: FrequencyTaskName, shared: unknown, chunks: readonly Int32Array[]): Promise<unknown[]> {
      if (signal.aborted) return Promise.reject(signal.reason);
      return new Promise((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
        mapper.map(task, shared, chunks).then(
          (results) => {
            signal.removeEventListener("abort", onAbort);
            resolve(results);
          },
          (error: unknown) => {
            signal.removeEventListener("abort", onAbort);
            reject(error);
          },
        );
      });
    },
  };
}
