import { selectBackend } from "../engine/backend/select-backend.js";
import type { JobPreparers } from "../jobs/job-preparers.js";
import { createNormServer } from "../server/create-norm-server.js";
import { createJsonLogger } from "../server/logger.js";
import { readPackageVersion } from "../server/package-version.js";
import { parseNormserveArgs, USAGE } from "./normserve-args.js";
import { formatEngineVersion } from "./normserve-version.js";

/**
 * The `normserve` process: parses flags, picks the engine backend, serves until SIGTERM/SIGINT,
 * then interrupts running jobs, drains calls and exits 0. `jobPreparers` builds Train/Evaluate
 * jobs (tests start the process with fake ones).
 */
export async function runNormserve(argv: readonly string[], jobPreparers?: JobPreparers): Promise<void> {
  const packageVersion = readPackageVersion();
  let args: ReturnType<typeof parseNormserveArgs>;
  try {
    args = parseNormserveArgs(argv, process.env);
  } catch (error) {
    process.stderr.write(`normserve: ${(error as Error).message}\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  // Picked once, here: the tensorflow rung loads libtensorflow (~0.7 s), which start-up can afford.
  const engine = await selectBackend({ backend: args.backend });
  if (args.version) {
    process.stdout.write(
      `normserve ${packageVersion} (node ${process.version})\n${formatEngineVersion(engine)}`,
    );
    return;
  }
  const logger = createJsonLogger();
  const server = createNormServer(logger, {
    engine,
    maxMessageBytes: args.maxMessageBytes,
    sessionIdleTtlMs: args.sessionIdleTtlMs,
    maxSessions: args.maxSessions,
    maxSessionStateBytes: args.maxSessionStateBytes,
    dataDir: args.dataDir,
    maxConcurrentJobs: args.maxConcurrentJobs,
    jobPreparers,
  });
  const host = args.listen.slice(0, args.listen.lastIndexOf(":"));
  const port = await server.listen(args.listen);
  logger.log("info", "listening", {
    address: `${host}:${port}`,
    version: packageVersion,
    maxMessageBytes: args.maxMessageBytes,
    // The engine's pick goes on the start-up line, so a slow fallback is visible in the first log.
    engine: {
      backend: engine.name,
      tfVersion: engine.tfVersion,
      device: engine.device,
      ...(engine.fallbackReason ? { fallbackReason: engine.fallbackReason } : {}),
    },
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log("info", "draining in-flight calls", { signal, graceMs: args.graceMs });
    void server.shutdown(args.graceMs).then(() => {
      logger.log("info", "stopped", { signal });
      process.exit(0);
    });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
