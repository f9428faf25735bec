#!/usr/bin/env node
import { runNormserve } from "./run-normserve.js";

// Train and Evaluate use the server's default preparers (src/train, src/attack, loaded on first job).
runNormserve(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`normserve: ${(error as Error).message}\n`);
  process.exit(1);
});
