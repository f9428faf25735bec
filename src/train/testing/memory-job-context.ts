import type { BackendInfo } from "../../engine/backend/backend-info.js";
import type { Kernels } from "../../engine/kernels/kernels.js";
import type { TfNamespace } from "../../engine/kernels/tfjs-kernels.js";
import type { JobContext, JobEventPayload } from "../../jobs/job-runner.js";

/** An in-memory {@link JobContext} for tests: events in an array, artifacts in a shared map. @internal */
export interface MemoryJobContext extends JobContext {
  readonly events: JobEventPayload[];
  readonly controller: AbortController;
}

/** Artifacts of every job, keyed `jobId/name`. @internal */
export type ArtifactStore = Map<string, Uint8Array>;

/** A fresh in-memory context for job `jobId`; `engine.backend` defaults to a cpu stub. @internal */
export function memoryJobContext(
  jobId: string,
  engine: { tf: TfNamespace; kernels: Kernels; backend?: BackendInfo },
  artifacts: ArtifactStore,
): MemoryJobContext {
  const controller = new AbortController();
  const events: JobEventPayload[] = [];
  const backend: BackendInfo = engine.backend ?? {
    name: "cpu",
    tfjsVersion: "test",
    device: "cpu",
    available: ["cpu"],
  };
  return {
    jobId,
    signal: controller.signal,
    controller,
    engine: { tf: engine.tf, kernels: engine.kernels, backend },
    events,
    emit: (e) => {
      events.push(e);
    },
    setProgress: () => undefined,
    saveArtifact: (name, bytes) => {
      artifacts.set(`${jobId}/${name}`, bytes.slice());
      return Promise.resolve();
    },
    readArtifact: (id, name) => Promise.resolve(artifacts.get(`${id}/${name}`)),
  };
}
