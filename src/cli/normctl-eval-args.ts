import { AttackType, ThreatNorm } from "../gen/normserve/v1/evaluate.js";
import { numberFlag, parseFlags, serverFlag } from "./normctl-flags.js";
import type { NormctlDataArgs } from "./normctl-train-args.js";

/** What `normctl eval` was asked to do. */
export interface NormctlEvalArgs {
  readonly command: "eval";
  /** Server address, HOST:PORT. */
  readonly server: string;
  /** An ONNX file, or the id of a finished Train job. */
  readonly model: string;
  /** The points to attack. */
  readonly data: NormctlDataArgs;
  readonly eps: number;
  readonly norm: ThreatNorm;
  /** `standard` → the "standard-nofab" preset; else the attacks in order. */
  readonly preset?: string;
  readonly attacks: readonly AttackType[];
  readonly cascade: boolean;
  readonly batchSize?: number;
  readonly seed: number;
  /** Where the worst-case adversarial examples go (float32 NPY, N×C×H×W). */
  readonly saveAdv?: string;
  readonly json: boolean;
}

const ATTACK_NAMES: Readonly<Record<string, AttackType>> = {
  fgsm: AttackType.ATTACK_TYPE_FGSM,
  pgd: AttackType.ATTACK_TYPE_PGD,
  "apgd-ce": AttackType.ATTACK_TYPE_APGD_CE,
  "apgd-t": AttackType.ATTACK_TYPE_APGD_T,
  square: AttackType.ATTACK_TYPE_SQUARE,
};

/**
 * Parses the arguments after `eval`. Throws an Error fit for the terminal on any usage error
 * (the caller exits 2).
 */
export function parseEvalArgs(argv: readonly string[], env: NodeJS.ProcessEnv): NormctlEvalArgs {
  const { flags, positional } = parseFlags(
    "eval",
    argv,
    [
      "--server",
      "--data",
      "--labels",
      "--eps",
      "--norm",
      "--attacks",
      "--batch-size",
      "--seed",
      "--save-adv",
    ],
    ["--cascade", "--json"],
  );
  const [model, ...extra] = positional;
  if (model === undefined)
    throw new Error(
      "eval needs a model: normctl eval MODEL.onnx|JOB_ID --data ... --eps 0.1 --attacks standard",
    );
  if (extra.length > 0) throw new Error(`eval: unexpected argument ${extra[0]} (see --help)`);
  const data = flags.get("--data");
  if (data === undefined) throw new Error("eval: --data DIR|FILE.npy is required");
  const eps = numberFlag("eval", "--eps", flags.get("--eps"), { positive: true });
  if (eps === undefined) throw new Error("eval: --eps is required");
  const normText = flags.get("--norm") ?? "linf";
  const norm =
    normText === "linf"
      ? ThreatNorm.THREAT_NORM_LINF
      : normText === "l2"
        ? ThreatNorm.THREAT_NORM_L2
        : undefined;
  if (norm === undefined) throw new Error(`eval: --norm must be linf or l2, got ${normText}`);
  const attackText = flags.get("--attacks") ?? "standard";
  let preset: string | undefined;
  const attacks: AttackType[] = [];
  for (const name of attackText.split(",")) {
    if (name === "standard") preset = "standard-nofab";
    else if (ATTACK_NAMES[name] !== undefined) attacks.push(ATTACK_NAMES[name]);
    else
      throw new Error(
        `eval: unknown attack ${name} in --attacks (standard, ${Object.keys(ATTACK_NAMES).join(", ")})`,
      );
  }
  return {
    command: "eval",
    server: serverFlag("eval", flags, env),
    model,
    data: { data, labels: flags.get("--labels") },
    eps,
    norm,
    preset,
    attacks,
    cascade: flags.has("--cascade"),
    batchSize: numberFlag("eval", "--batch-size", flags.get("--batch-size"), { integer: true, min: 1 }),
    seed: numberFlag("eval", "--seed", flags.get("--seed"), { integer: true, min: 0 }) ?? 0,
    saveAdv: flags.get("--save-adv"),
    json: flags.has("--json"),
  };
}
