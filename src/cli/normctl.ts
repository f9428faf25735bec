#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { NORMCTL_USAGE, type NormctlArgs, type NormctlNormsArgs, parseNormctlArgs } from "./normctl-args.js";
import { callComputeNorms, NormctlCallError } from "./normctl-client.js";
import { formatNormsTable, normsResponseJson } from "./normctl-format.js";

// Exit codes (documented in --help): 0 success, 1 the call (or reading the model) failed, 2 usage.
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const packageVersion = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

async function norms(args: NormctlNormsArgs): Promise<void> {
  let model: Uint8Array;
  try {
    model = readFileSync(args.model);
  } catch (error) {
    throw new Error(`cannot read ${args.model}: ${(error as Error).message}`);
  }
  const response = await callComputeNorms(
    args.server,
    {
      model: { $case: "onnxModel", value: model },
      norms: [...args.norms],
      inputShape: [...args.inputShape],
      convL2Method: 0,
      l2MaxIterations: 0,
    },
    args.timeoutMs,
  );
  const out = args.json
    ? `${JSON.stringify(normsResponseJson(response), null, 2)}\n`
    : formatNormsTable(response);
  process.stdout.write(out);
}

async function main(): Promise<void> {
  let args: NormctlArgs;
  try {
    args = parseNormctlArgs(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`normctl: ${(error as Error).message}\n`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  if (args.command === "help") process.stdout.write(NORMCTL_USAGE);
  else if (args.command === "version")
    process.stdout.write(`normctl ${packageVersion} (node ${process.version})\n`);
  else if (args.command === "exec") {
    // Loaded on demand: the engine pulls in tfjs (and, natively, libtensorflow).
    const { runExec } = await import("./normctl-exec.js");
    await runExec(args);
  } else if (args.command === "train") {
    const { runTrain } = await import("./normctl-train.js");
    await runTrain(args);
  } else if (args.command === "eval") {
    const { runEval } = await import("./normctl-eval.js");
    await runEval(args);
  } else if (args.command === "norms") await norms(args);
  else {
    const { runJobCommand } = await import("./normctl-job-commands.js");
    await runJobCommand(args);
  }
}

main().catch((error: unknown) => {
  const message =
    error instanceof NormctlCallError ? `${error.codeName}: ${error.details}` : (error as Error).message;
  process.stderr.write(`normctl: ${message}\n`);
  process.exitCode = EXIT_FAILED;
});
