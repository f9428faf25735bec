import { FrequencyPool } from "../../math/parallel/frequency-pool.js";
import { SpectralTaskRunner } from "./spectral-task-runner.js";

/** The worker threads spectral calls run on: one set per server, started lazily. */
export interface SpectralWorkers {
  /** Per-frequency work (Gram bounds, circular norms, SVC). */
  readonly pool: FrequencyPool;
  /** Single-threaded work off the event loop (power iteration, linear σ_max). */
  readonly runner: SpectralTaskRunner;
  /** Ends every worker. */
  close(): Promise<void>;
}

/**
 * Creates the spectral worker threads of a server: a frequency pool and a task runner with
 * `threads` threads each (default: available parallelism). No thread starts before the first
 * spectral call, and idle ones never keep the process alive.
 */
export function createSpectralWorkers(threads?: number): SpectralWorkers {
  const pool = new FrequencyPool({ threads });
  const runner = new SpectralTaskRunner({ threads });
  return {
    pool,
    runner,
    async close() {
      await Promise.all([pool.close(), runner.close()]);
    },
  };
}
