import { NormType } from "../gen/normserve/v1/compute_norms.js";
import { type NormctlEvalArgs, parseEvalArgs } from "./normctl-eval-args.js";
import { DEFAULT_EXEC_BATCH_SIZE, type NormctlExecArgs, parseExecArgs } from "./normctl-exec-args.js";
import { type NormctlJobArgs, parseJobArgs } from "./normctl-job-args.js";
import { type NormctlTrainArgs, parseTrainArgs } from "./normctl-train-args.js";

/** What `normctl norms` was asked to do. */
export interface NormctlNormsArgs {
  readonly command: "norms";
  /** Path of the ONNX model file. */
  readonly model: string;
  /** Server address, HOST:PORT. */
  readonly server: string;
  /** Norms to ask for; empty means the server's default (L1 and L∞). */
  readonly norms: readonly NormType[];
  /** Overrides the graph input's shape, batch included; empty keeps the model's. */
  readonly inputShape: readonly number[];
  /** Print the response as JSON instead of a table. */
  readonly json: boolean;
  /** Deadline of the call in milliseconds. */
  readonly timeoutMs: number;
}

/** Parsed `normctl` command line: a command to run, or help / version. */
export type NormctlArgs =
  | NormctlNormsArgs
  | NormctlExecArgs
  | NormctlTrainArgs
  | NormctlEvalArgs
  | NormctlJobArgs
  | { readonly command: "help" }
  | { readonly command: "version" };

/** Server address used when neither `--server` nor `NORMSERVE_ADDRESS` is given. */
export const DEFAULT_SERVER = "127.0.0.1:50051";

/** Deadline used when `--timeout-ms` is not given. */
export const DEFAULT_TIMEOUT_MS = 120_000;

/** Usage text printed by `--help`. */
export const NORMCTL_USAGE = `normctl — command-line client of normserve

Usage: normctl norms MODEL.onnx [--server HOST:PORT] [--norms l1,linf] [--input-shape 1,3,32,32]
                                [--json] [--timeout-ms N]
       normctl exec MODEL.onnx --input X.npy --out Y.npy [--labels L.npy [--input-grad G.npy]]
                               [--backend tensorflow|wasm|cpu] [--batch-size N]
       normctl train MODEL.onnx|zoo:NAME[:WIDTH] --data DIR[:train|:test]|FILE.npy [--labels L.npy]
                     [--test-data DIR[:test]|FILE.npy [--test-labels L.npy]] [--epochs N] [--batch-size N]
                     [--lr X] [--momentum X] [--norm-decay l1|linf:BETA[:MU]] [--svc CLIP:EVERY]
                     [--seed N] [--norms-every N] [--progress-every N] --out trained.onnx
                     [--plot norms.svg] [--json]
       normctl eval MODEL.onnx|JOB_ID --data DIR|FILE.npy [--labels L.npy] --eps X [--norm linf|l2]
                    [--attacks standard|fgsm,pgd,apgd-ce,apgd-t,square] [--cascade] [--seed N]
                    [--batch-size N] [--save-adv adv.npy] [--json]
       normctl watch JOB [--out trained.onnx] [--plot norms.svg] [--json]
       normctl plot JOB --out norms.svg [--norm l1|linf] [--log]
       normctl cancel JOB [--json]
       normctl jobs [--json]

Commands:
  norms MODEL.onnx       exact operator norms of every linear layer of an ONNX model: a table of
                         per-layer norms and maximisers, then the network figures
  exec MODEL.onnx        runs the model here (no server), eval mode, on an NPY batch (float32, or
                         uint8 scaled by 1/255; batch first, the model's input shape) and writes the
                         outputs as float32 NPY; with --labels (integers [N]) prints the mean
                         cross-entropy and accuracy, and --input-grad writes the gradient of the
                         mean softmax cross-entropy w.r.t. the float input. --backend picks the
                         first rung of the engine ladder, --batch-size the examples per pass
                         (default ${DEFAULT_EXEC_BATCH_SIZE})
  train MODEL            starts a Train job (a model file or a zoo model, zoo:small_cnn:0.25) and
                         shows a progress bar and the live per-layer norm table; writes the trained
                         model to --out and the per-layer norm curves to --plot (SVG). --data takes a
                         server-side directory, an NPY of images (float32 in [0, 1] or uint8, N×C×H×W;
                         with --labels), or synthetic:N:C,H,W:CLASSES[:SEED]. --json: JSON lines.
                         Ctrl-C detaches (the job keeps running; re-attach with watch)
  eval MODEL|JOB_ID      runs an Evaluate job: a progress bar per attack, then a table (clean, each
                         attack, worst case) and the gradient-masking flags; standard is the
                         standard-nofab preset (AutoAttack standard without FAB-T); --save-adv writes
                         the worst-case adversarial examples (float32 NPY)
  watch JOB              re-attaches to a job (replays its events, then follows them)
  plot JOB               draws a job's per-layer norm curves (SVG) from its replayed events
  cancel JOB             cancels a job
  jobs                   lists the server's jobs

Options:
  --server HOST:PORT     server address (default ${DEFAULT_SERVER}; env NORMSERVE_ADDRESS)
  --norms LIST           comma-separated norms: l1, linf, l2 (default l1,linf)
  --input-shape DIMS     comma-separated graph input shape, batch included (default: the model's)
  --json                 print the response as JSON (proto3 JSON field names) instead of a table
  --timeout-ms N         deadline of the call in milliseconds (default ${DEFAULT_TIMEOUT_MS})
  --version              print the version and exit
  --help                 print this text and exit

Exit status: 0 success, 1 the call or the run failed (gRPC status or the reason on stderr), 2 usage
error.
`;

const NORM_NAMES: Readonly<Record<string, NormType>> = {
  l1: NormType.NORM_TYPE_L1,
  linf: NormType.NORM_TYPE_LINF,
  "l∞": NormType.NORM_TYPE_LINF,
  l2: NormType.NORM_TYPE_L2,
};

/**
 * Parses argv (without node and script) with the `NORMSERVE_ADDRESS` fallback. Throws an Error
 * whose message is fit for the terminal on any usage error (the caller exits 2).
 */
export function parseNormctlArgs(argv: readonly string[], env: NodeJS.ProcessEnv): NormctlArgs {
  if (argv[0] === "exec" && !argv.includes("--help") && !argv.includes("-h"))
    return parseExecArgs(argv.slice(1));
  const sub = argv[0];
  if (!argv.includes("--help") && !argv.includes("-h")) {
    if (sub === "train") return parseTrainArgs(argv.slice(1), env);
    if (sub === "eval") return parseEvalArgs(argv.slice(1), env);
    if (sub === "watch" || sub === "plot" || sub === "cancel" || sub === "jobs")
      return parseJobArgs(sub, argv.slice(1), env);
  }
  let server = env.NORMSERVE_ADDRESS || DEFAULT_SERVER;
  let norms: NormType[] = [];
  let inputShape: number[] = [];
  let json = false;
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  const positional: string[] = [];
  let onlyPositional = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPositional || !arg.startsWith("-") || arg === "-") {
      positional.push(arg);
      continue;
    }
    if (arg === "--") {
      onlyPositional = true;
      continue;
    }
    if (arg === "--help" || arg === "-h") return { command: "help" };
    if (arg === "--version") return { command: "version" };
    const eq = arg.indexOf("=");
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    const value = (): string => {
      const v = eq < 0 ? argv[++i] : arg.slice(eq + 1);
      if (v === undefined || (eq < 0 && v.startsWith("--"))) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === "--server") server = value();
    else if (flag === "--norms") norms = parseNorms(value());
    else if (flag === "--input-shape") inputShape = parseShape(value());
    else if (flag === "--timeout-ms") timeoutMs = parseTimeout(value());
    else if (flag === "--json" && eq < 0) json = true;
    else throw new Error(`unknown option ${arg} (see --help)`);
  }
  const [command, model, ...extra] = positional;
  if (command === undefined) throw new Error("missing command (see --help)");
  if (command !== "norms") throw new Error(`unknown command ${command} (see --help)`);
  if (model === undefined) throw new Error("norms needs a model file: normctl norms MODEL.onnx");
  if (extra.length > 0) throw new Error(`unexpected argument ${extra[0]} (see --help)`);
  if (!/^\S+:\d+$/.test(server)) throw new Error(`--server must be HOST:PORT, got ${server}`);
  return { command: "norms", model, server, norms, inputShape, json, timeoutMs };
}

function parseNorms(text: string): NormType[] {
  const names = text.split(",").map((name) => name.trim().toLowerCase());
  const result: NormType[] = [];
  for (const name of names) {
    const norm = NORM_NAMES[name];
    if (norm === undefined)
      throw new Error(`--norms: unknown norm ${JSON.stringify(name)}; use l1, linf or l2`);
    if (!result.includes(norm)) result.push(norm);
  }
  return result;
}

function parseShape(text: string): number[] {
  const dims = text.split(",").map((dim) => dim.trim());
  if (!dims.every((dim) => /^\d+$/.test(dim) && Number(dim) > 0 && Number.isSafeInteger(Number(dim)))) {
    throw new Error(`--input-shape must be comma-separated positive integers, got ${text}`);
  }
  return dims.map(Number);
}

function parseTimeout(text: string): number {
  const ms = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(ms) || ms <= 0) {
    throw new Error(`--timeout-ms must be a positive integer, got ${text}`);
  }
  return ms;
}
