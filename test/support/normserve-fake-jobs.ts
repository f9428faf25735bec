import { runNormserve } from "../../src/cli/run-normserve.js";
import { fakeJobPreparers } from "./fake-job-preparers.js";

// `normserve` with fake Train/Evaluate jobs, for process-level job tests.
runNormserve(process.argv.slice(2), fakeJobPreparers).catch((error: unknown) => {
  process.stderr.write(`normserve: ${(error as Error).message}\n`);
  process.exit(1);
});
