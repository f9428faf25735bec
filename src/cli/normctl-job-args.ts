import { parseFlags, serverFlag } from "./normctl-flags.js";

/** What `normctl watch|plot|cancel|jobs` was asked to do. */
export interface NormctlJobArgs {
  readonly command: "watch" | "plot" | "cancel" | "jobs";
  /** Server address, HOST:PORT. */
  readonly server: string;
  /** The job (empty for `jobs`). */
  readonly jobId: string;
  /** watch: where the trained model goes when the job completes. plot: the SVG. */
  readonly out?: string;
  /** watch: also write the norm curves (SVG). */
  readonly plot?: string;
  /** plot: which norm to draw. */
  readonly norm: "l1" | "linf";
  /** plot: logarithmic y axis. */
  readonly logY: boolean;
  readonly json: boolean;
}

/**
 * Parses the arguments after `watch`, `plot`, `cancel` or `jobs`. Throws an Error fit for the
 * terminal on any usage error (the caller exits 2).
 */
export function parseJobArgs(
  command: NormctlJobArgs["command"],
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): NormctlJobArgs {
  const valued =
    command === "watch"
      ? ["--server", "--out", "--plot"]
      : command === "plot"
        ? ["--server", "--out", "--norm"]
        : ["--server"];
  const { flags, positional } = parseFlags(
    command,
    argv,
    valued,
    command === "plot" ? ["--log", "--json"] : ["--json"],
  );
  const [jobId, ...extra] = positional;
  if (command !== "jobs" && jobId === undefined)
    throw new Error(`${command} needs a job id: normctl ${command} JOB`);
  const surplus = command === "jobs" ? positional : extra;
  if (surplus.length > 0) throw new Error(`${command}: unexpected argument ${surplus[0]} (see --help)`);
  const norm = flags.get("--norm") ?? "l1";
  if (norm !== "l1" && norm !== "linf") throw new Error(`plot: --norm must be l1 or linf, got ${norm}`);
  if (command === "plot" && !flags.has("--out")) throw new Error("plot: --out norms.svg is required");
  return {
    command,
    server: serverFlag(command, flags, env),
    jobId: jobId ?? "",
    out: flags.get("--out"),
    plot: flags.get("--plot"),
    norm,
    logY: flags.has("--log"),
    json: flags.has("--json"),
  };
}
