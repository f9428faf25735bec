#!/usr/bin/env node
import { prepareEvaluateJob } from "../attack/prepare-evaluate-job.js";
import { prepareTrainJob } from "../train/prepare-train-job.js";
import { runNormserve } from "./run-normserve.js";

runNormserve(process.argv.slice(2), { train: prepareTrainJob, evaluate: prepareEvaluateJob }).catch(
  (error: unknown) => {
    process.stderr.write(`normserve: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
