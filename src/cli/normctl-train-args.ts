import { NormType } from "../gen/normserve/v1/compute_norms.js";
import { numberFlag, parseFlags, serverFlag } from "./normctl-flags.js";

/** Where training (or evaluation) data comes from on the command line. */
export interface NormctlDataArgs {
  /** A directory (sent as a server-side path) or an NPY file of images (sent inline). */
  readonly data: string;
  /** NPY of integer labels [N] (needed with an NPY `data`). */
  readonly labels?: string;
}

/** What `normctl train` was asked to do. */
export interface NormctlTrainArgs {
  readonly command: "train";
  /** Server address, HOST:PORT. */
  readonly server: string;
  /** An ONNX file, or a zoo model `zoo:NAME[:WIDTH]`. */
  readonly model: string;
  /** Training data. */
  readonly train: NormctlDataArgs;
  /** Test data evaluated after every epoch. */
  readonly test?: NormctlDataArgs;
  readonly epochs: number;
  readonly batchSize?: number;
  readonly lr: number;
  readonly momentum: number;
  /** `--norm-decay l1:1e-3[:μ]`. */
  readonly normDecay?: { readonly norm: NormType; readonly beta: number; readonly momentum: number };
  /** `--svc C:K`. */
  readonly svc?: { readonly clipTo: number; readonly everySteps: number };
  readonly seed: number;
  readonly normsEvery: number;
  readonly progressEvery: number;
  /** Where the trained model goes. */
  readonly out: string;
  /** Where the norm curves go (SVG). */
  readonly plot?: string;
  /** Print JSON lines instead of the live display. */
  readonly json: boolean;
}

const TRAIN_FLAGS = [
  "--server",
  "--data",
  "--labels",
  "--test-data",
  "--test-labels",
  "--epochs",
  "--batch-size",
  "--lr",
  "--momentum",
  "--norm-decay",
  "--svc",
  "--seed",
  "--norms-every",
  "--progress-every",
  "--out",
  "--plot",
];

/** Parses `l1:1e-3` or `linf:1e-4:0.9` (norm, β, optional momentum μ; default μ 0.9). @internal */
export function parseNormDecay(text: string): NonNullable<NormctlTrainArgs["normDecay"]> {
  const parts = text.split(":");
  const norm =
    parts[0] === "l1" ? NormType.NORM_TYPE_L1 : parts[0] === "linf" ? NormType.NORM_TYPE_LINF : undefined;
  const beta = Number(parts[1]);
  const momentum = parts[2] === undefined ? 0.9 : Number(parts[2]);
  if (
    norm === undefined ||
    parts.length < 2 ||
    parts.length > 3 ||
    parts[1] === "" ||
    !Number.isFinite(beta) ||
    beta < 0 ||
    !Number.isFinite(momentum) ||
    momentum < 0 ||
    momentum > 1
  )
    throw new Error(
      `train: --norm-decay must be l1:BETA or linf:BETA[:MOMENTUM] (β ≥ 0, μ in [0, 1]), got ${text}`,
    );
  return { norm, beta, momentum };
}

function parseSvc(text: string): NonNullable<NormctlTrainArgs["svc"]> {
  const [c, k, ...rest] = text.split(":");
  const clipTo = Number(c);
  const everySteps = Number(k ?? "1");
  if (rest.length > 0 || !(clipTo > 0) || !Number.isSafeInteger(everySteps) || everySteps < 1)
    throw new Error(`train: --svc must be CLIP_TO:EVERY_STEPS (CLIP_TO > 0, EVERY_STEPS ≥ 1), got ${text}`);
  return { clipTo, everySteps };
}

/**
 * Parses the arguments after `train`. Throws an Error fit for the terminal on any usage error
 * (the caller exits 2).
 */
export function parseTrainArgs(argv: readonly string[], env: NodeJS.ProcessEnv): NormctlTrainArgs {
  const { flags, positional } = parseFlags("train", argv, TRAIN_FLAGS, ["--json"]);
  const [model, ...extra] = positional;
  if (model === undefined)
    throw new Error(
      "train needs a model: normctl train MODEL.onnx|zoo:NAME[:WIDTH] --data ... --out trained.onnx",
    );
  if (extra.length > 0) throw new Error(`train: unexpected argument ${extra[0]} (see --help)`);
  const data = flags.get("--data");
  const out = flags.get("--out");
  if (data === undefined) throw new Error("train: --data DIR|FILE.npy is required");
  if (out === undefined) throw new Error("train: --out trained.onnx is required");
  const testData = flags.get("--test-data");
  const normDecayText = flags.get("--norm-decay");
  const svcText = flags.get("--svc");
  const int = (flag: string, min: number) =>
    numberFlag("train", flag, flags.get(flag), { integer: true, min });
  return {
    command: "train",
    server: serverFlag("train", flags, env),
    model,
    train: { data, labels: flags.get("--labels") },
    test: testData === undefined ? undefined : { data: testData, labels: flags.get("--test-labels") },
    epochs: int("--epochs", 1) ?? 1,
    batchSize: int("--batch-size", 1),
    lr: numberFlag("train", "--lr", flags.get("--lr"), { positive: true }) ?? 0.05,
    momentum: numberFlag("train", "--momentum", flags.get("--momentum"), { min: 0 }) ?? 0.9,
    normDecay: normDecayText === undefined ? undefined : parseNormDecay(normDecayText),
    svc: svcText === undefined ? undefined : parseSvc(svcText),
    seed: int("--seed", 0) ?? 0,
    normsEvery: int("--norms-every", 0) ?? 0,
    progressEvery: int("--progress-every", 1) ?? 10,
    out,
    plot: flags.get("--plot"),
    json: flags.has("--json"),
  };
}
