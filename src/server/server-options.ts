import type { BackendInfo } from "../engine/backend/backend-info.js";
import type { JobEngineProvider } from "../jobs/job-engine-provider.js";
import type { JobPreparers } from "../jobs/job-preparers.js";
import type { EngineInfoProvider } from "./engine-info-provider.js";

/** Default `--data-dir`: where jobs keep their state, event logs and artifacts. */
export const DEFAULT_DATA_DIR = "./normserve-data";

/** Default cap on request and response size: ResNet-50-sized ONNX files (~100 MB) fit easily. */
export const DEFAULT_MAX_MESSAGE_BYTES = 512 * 1024 * 1024;

/** Options of {@link createNormServer}. */
export interface NormServerOptions {
  /** Largest request or response in bytes (default {@link DEFAULT_MAX_MESSAGE_BYTES}). */
  readonly maxMessageBytes?: number;
  /** A norm-decay session unused this long expires (default 10 minutes). */
  readonly sessionIdleTtlMs?: number;
  /** Live norm-decay sessions at most (default 64). */
  readonly maxSessions?: number;
  /** Decay state of all sessions together, in bytes (default 1 GiB). */
  readonly maxSessionStateBytes?: number;
  /** Worker threads for L2 norms and singular value clipping (default: available parallelism). */
  readonly spectralThreads?: number;
  /**
   * The compute engine's backend as picked at start-up, or a provider of it. Default: picked
   * lazily on first use (GetInfo), so servers that never need the engine start fast.
   */
  readonly engine?: BackendInfo | EngineInfoProvider;
  /** Where jobs keep their state, events and artifacts (default {@link DEFAULT_DATA_DIR}; created on first job). */
  readonly dataDir?: string;
  /** Jobs running at once (default 1); the rest wait in the queue. */
  readonly maxConcurrentJobs?: number;
  /** Builds Train / Evaluate jobs from requests (default: src/train and src/attack, loaded on first use). */
  readonly jobPreparers?: JobPreparers;
  /** The engine jobs run on (default: the `engine` backend plus its kernels, built on first job). */
  readonly jobEngine?: JobEngineProvider;
}
