import type { JobPreparers } from "../jobs/job-preparers.js";

/**
 * The real Train and Evaluate preparers, imported on first use: the training and attack code pull
 * in tfjs, which servers that never run a job should not pay for at start-up.
 */
export const defaultJobPreparers: JobPreparers = {
  train: async (request, deps) =>
    (await import("../train/prepare-train-job.js")).prepareTrainJob(request, deps),
  evaluate: async (request, deps) =>
    (await import("../attack/prepare-evaluate-job.js")).prepareEvaluateJob(request, deps),
};
