#!/usr/bin/env node
import { runNormserve } from "./run-normserve.js";

// The integrator plugs the real preparers in here: { train: prepareTrainJob, evaluate: prepareEvaluateJob }.
runNormserve(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`normserve: ${(error as Error).message}\n`);
  process.exit(1);
});
