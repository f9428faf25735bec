import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "../../engine/backend/select-backend.js";
import { createKernels } from "../../engine/create-kernels.js";
import type { JobEngine } from "../../jobs/job-runner.js";
import { type MemoryJobContext, memoryJobContext } from "../../train/testing/memory-job-context.js";

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
export async function fakeJobContext(jobId = "eval-1"): Promise<MemoryJobContext> {
  return memoryJobContext(jobId, await testEngine(), new Map());
}
