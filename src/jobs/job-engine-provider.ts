import type { BackendInfo } from "../engine/backend/backend-info.js";
import type { JobEngine } from "./job-runner.js";

/** Hands out the engine jobs run on; the backend is selected at most once. */
export type JobEngineProvider = () => Promise<JobEngine>;

/**
 * The default {@link JobEngineProvider}: the backend from `backend` (the server's one selection,
 * shared with GetInfo) and the kernels of the active tfjs backend, built on first use. tfjs is
 * imported on demand so servers that never run a job never load it.
 */
export function jobEngineProvider(backend: () => Promise<BackendInfo>): JobEngineProvider {
  let pending: Promise<JobEngine> | undefined;
  return () => {
    pending ??= (async () => {
      const info = await backend();
      const tf = await import("@tensorflow/tfjs-core");
      const { createKernels } = await import("../engine/create-kernels.js");
      return { tf, kernels: createKernels(), backend: info };
    })();
    return pending;
  };
}
