import * as tf from "@tensorflow/tfjs-core";
import { BACKEND_LADDER, type BackendInfo, type BackendName, parseBackendName } from "./backend-info.js";
import { loadCpuBackend } from "./load-cpu-backend.js";
import { loadTensorflowBackend } from "./load-tensorflow-backend.js";
import { loadWasmBackend } from "./load-wasm-backend.js";
import type { LoadedBackend } from "./loaded-backend.js";
import { type NativeTfStatus, readNativeTfStatus } from "./native-tf-status.js";

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /** First rung to try (`--backend`); wins over `NORMSERVE_BACKEND`. Default: the top, tensorflow. */
  readonly backend?: BackendName;
  /** Environment read for `NORMSERVE_BACKEND` (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** The install step's status (default: read from node_modules). */
  readonly nativeStatus?: NativeTfStatus;
  /** Rung loaders; tests replace one to simulate a missing backend. */
  readonly loaders?: Partial<Record<BackendName, () => Promise<LoadedBackend>>>;
}

/**
 * Walks the ladder tensorflow → wasm → cpu from the forced rung (if any) down, activates the first
 * backend that loads and returns what it is, with why each faster rung was skipped. Throws only
 * when no rung loads, or on an unknown `NORMSERVE_BACKEND`.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendInfo> {
  const env = options.env ?? process.env;
  const forced = options.backend ?? parseBackendName(env.NORMSERVE_BACKEND, "NORMSERVE_BACKEND");
  const status = options.nativeStatus ?? readNativeTfStatus();
  const loaders: Record<BackendName, () => Promise<LoadedBackend>> = {
    tensorflow: () => loadTensorflowBackend(status),
    wasm: loadWasmBackend,
    cpu: loadCpuBackend,
    ...options.loaders,
  };
  const start = forced === undefined ? 0 : BACKEND_LADDER.indexOf(forced);
  const skipped: string[] = [];
  const failed = new Set<BackendName>();
  for (const name of BACKEND_LADDER.slice(start)) {
    let loaded: LoadedBackend;
    try {
      loaded = await loaders[name]();
    } catch (error) {
      failed.add(name);
      skipped.push(`${name}: ${(error as Error).message}`);
      continue;
    }
    // Rungs above a forced one were not tried: tensorflow counts as available when its install
    // step succeeded; wasm and cpu ship as plain dependencies.
    const available = BACKEND_LADDER.filter((n) => !failed.has(n) && (n !== "tensorflow" || status.ok));
    return {
      name,
      ...loaded,
      tfjsVersion: tf.version_core,
      fallbackReason: skipped.length > 0 ? skipped.join("; ") : undefined,
      available,
    };
  }
  throw new Error(`selectBackend: no tfjs backend loads (${skipped.join("; ")})`);
}
