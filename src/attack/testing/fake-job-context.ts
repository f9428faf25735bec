import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "../../engine/backend/select-backend.js";
import { createKernels } from "../../engine/create-kernels.js";
import type { JobContext, JobEngine, JobEventPayload } from "../../jobs/job-runner.js";

/** A JobContext that keeps events and artifacts in memory. @internal */
export interface FakeJobContext extends JobContext {
  readonly events: JobEventPayload[];
  readonly controller: AbortController;
}

let engine: JobEngine | undefined;

/** The engine of the best backend here (tensorflow when installed), loaded once. @internal */
export async function testEngine(): Promise<JobEngine> {
  if (!engine) {
    const backend = await selectBackend();
    engine = { tf, kernels: createKernels(), backend };
  }
  return engine;
}

/** A fresh in-memory context on {@link testEngine}. @internal */
export async function fakeJobContext(jobId = "eval-1"): Promise<FakeJobContext> {
  const controller = new AbortController();
  const events: JobEventPayload[] = [];
  const artifacts = new Map<string, Uint8Array>();
  return {
    jobId,
    signal: controller.signal,
    controller,
    engine: await testEngine(),
    events,
    emit: (e) => {
      events.push(e);
    },
    setProgress: () => {},
    saveArtifact: async (name, bytes) => {
      artifacts.set(`${jobId}/${name}`, bytes);
    },
    readArtifact: async (id, name) => artifacts.get(`${id}/${name}`),
  };
}
