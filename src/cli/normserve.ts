#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { createNormServer } from "../server/create-norm-server.js";
import { createJsonLogger } from "../server/logger.js";
import { parseNormserveArgs, USAGE } from "./normserve-args.js";

const packageVersion = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

async function main(): Promise<void> {
  let args: ReturnType<typeof parseNormserveArgs>;
  try {
    args = parseNormserveArgs(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`normserve: ${(error as Error).message}\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (args.version) {
    process.stdout.write(`normserve ${packageVersion} (node ${process.version})\n`);
    return;
  }
  const logger = createJsonLogger();
  const server = createNormServer(logger, {
    maxMessageBytes: args.maxMessageBytes,
    sessionIdleTtlMs: args.sessionIdleTtlMs,
    maxSessions: args.maxSessions,
    maxSessionStateBytes: args.maxSessionStateBytes,
  });
  const host = args.listen.slice(0, args.listen.lastIndexOf(":"));
  const port = await server.listen(args.listen);
  logger.log("info", "listening", {
    address: `${host}:${port}`,
    version: packageVersion,
    maxMessageBytes: args.maxMessageBytes,
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

main().catch((error: unknown) => {
  process.stderr.write(`normserve: ${(error as Error).message}\n`);
  process.exit(1);
});
