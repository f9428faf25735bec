import { type BackendName, parseBackendName } from "../engine/backend/backend-info.js";
import { parseFlags } from "./normctl-flags.js";

/** What `normctl exec` was asked to do. */
export interface NormctlExecArgs {
  readonly command: "exec";
  /** Path of the ONNX model file. */
  readonly model: string;
  /** NPY batch: float32 N×C×H×W (or the model's input rank), or uint8 scaled by 1/255. */
  readonly input: string;
  /** Where the logits go (float32 NPY). */
  readonly out: string;
  /** NPY of integer class labels [N]; with it the mean cross-entropy and accuracy are printed. */
  readonly labels?: string;
  /** Where the gradient of the mean cross-entropy w.r.t. the input goes (needs `labels`). */
  readonly inputGrad?: string;
  /** First backend rung to try; default the ladder's top (or NORMSERVE_BACKEND). */
  readonly backend?: BackendName;
  /** Examples per forward pass. */
  readonly batchSize: number;
}

/** Examples per forward pass when `--batch-size` is not given. */
export const DEFAULT_EXEC_BATCH_SIZE = 128;

/**
 * Parses the arguments after `exec` (flags in any order, `--flag value` or `--flag=value`).
 * Throws an Error whose message is fit for the terminal on any usage error (the caller exits 2).
 */
export function parseExecArgs(argv: readonly string[]): NormctlExecArgs {
  const { flags, positional } = parseFlags("exec", argv, [
    "--input",
    "--out",
    "--labels",
    "--input-grad",
    "--backend",
    "--batch-size",
  ]);
  const [model, ...extra] = positional;
  if (model === undefined)
    throw new Error("exec needs a model file: normctl exec MODEL.onnx --input X.npy --out Y.npy");
  if (extra.length > 0) throw new Error(`exec: unexpected argument ${extra[0]} (see --help)`);
  const input = flags.get("--input");
  const out = flags.get("--out");
  if (input === undefined) throw new Error("exec: --input X.npy is required");
  if (out === undefined) throw new Error("exec: --out Y.npy is required");
  const labels = flags.get("--labels");
  const inputGrad = flags.get("--input-grad");
  if (inputGrad !== undefined && labels === undefined)
    throw new Error("exec: --input-grad needs --labels (the gradient is of the cross-entropy against them)");
  const backend = parseBackendName(flags.get("--backend"), "exec: --backend");
  const batchText = flags.get("--batch-size") ?? String(DEFAULT_EXEC_BATCH_SIZE);
  const batchSize = Number(batchText);
  if (!/^\d+$/.test(batchText) || !Number.isSafeInteger(batchSize) || batchSize <= 0)
    throw new Error(`exec: --batch-size must be a positive integer, got ${batchText}`);
  return {
    command: "exec",
    model,
    input,
    out,
    labels,
    inputGrad,
    backend,
    batchSize,
  };
}
