import type { FrequencyMapper } from "../math/parallel/frequency-job.js";
import {
  type FrequencyTaskName,
  type FrequencyTaskTypes,
  runFrequencyTask,
} from "../math/parallel/frequency-tasks.js";

/**
 * A {@link FrequencyMapper} that runs every chunk on the calling thread: the training loop's SVC
 * uses it (a job already owns the engine's threads; the layers it clips are small).
 */
export const inlineFrequencyMapper: FrequencyMapper = {
  size: 1,
  map(task: FrequencyTaskName, shared: unknown, chunks: readonly Int32Array[]): Promise<unknown[]> {
    const typed = shared as FrequencyTaskTypes[typeof task]["shared"];
    return Promise.resolve(chunks.map((items) => runFrequencyTask(task, typed, items)));
  },
};
