import { readFileSync } from "node:fs";
import type { ClientReadableStream } from "@grpc/grpc-js";
import { writeNpy } from "../data/encode-npy.js";
import { type AttackResult, type EvaluateCompleted, EvaluateRequest } from "../gen/normserve/v1/evaluate.js";
import type { JobEvent } from "../gen/normserve/v1/jobs.js";
import { openStub } from "./normctl-client.js";
import { loadDataset } from "./normctl-dataset.js";
import type { NormctlEvalArgs } from "./normctl-eval-args.js";
import { detachOnSigint, jobEvents } from "./normctl-job-client.js";
import { LiveDisplay, progressBar } from "./normctl-live-display.js";

function evalRequest(args: NormctlEvalArgs): EvaluateRequest {
  const model: EvaluateRequest["model"] = args.model.endsWith(".onnx")
    ? { $case: "onnxModel", value: readModel(args.model) }
    : { $case: "modelId", value: args.model };
  return EvaluateRequest.fromPartial({
    model,
    data: loadDataset(args.data, "test"),
    attacks: args.attacks.map((type) => ({ type, norm: args.norm, eps: args.eps })),
    batchSize: args.batchSize ?? 0,
    seed: args.seed,
    cascade: args.cascade,
    returnAdversarial: args.saveAdv !== undefined,
    preset: args.preset ?? "",
    eps: args.preset ? args.eps : 0,
    norm: args.preset ? args.norm : 0,
  });
}

function readModel(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`cannot read model ${path}: ${(error as Error).message}`);
  }
}

/** Per point, the adversarial of the first attack that fooled it (else the last attack's). */
function worstCaseAdversarial(
  results: readonly AttackResult[],
): { data: Float32Array; shape: number[] } | undefined {
  const withAdv = results.filter((r) => r.adversarial && r.adversarial.data.length > 0);
  if (withAdv.length === 0) return undefined;
  const shape = withAdv[0].adversarial?.shape ?? [];
  const n = shape[0] ?? 0;
  const views = withAdv.map((r) => {
    const bytes = r.adversarial?.data ?? new Uint8Array(0);
    // Uint8Array.prototype.slice copies (a Node Buffer's slice() would be a view of pooled memory).
    return new Float32Array(Uint8Array.prototype.slice.call(bytes).buffer);
  });
  const per = views[0].length / Math.max(n, 1);
  const out = new Float32Array(views[0].length);
  for (let i = 0; i < n; i++) {
    let k = withAdv.findIndex((r) => r.robust[i] === false);
    if (k < 0) k = withAdv.length - 1;
    out.set(views[k].subarray(i * per, (i + 1) * per), i * per);
  }
  return { data: out, shape };
}

function table(done: EvaluateCompleted): string {
  const rows: [string, string][] = [["clean", (done.cleanAccuracy * 100).toFixed(2)]];
  for (const r of done.results) rows.push([r.attack, (r.robustAccuracy * 100).toFixed(2)]);
  rows.push(["worst case", (done.robustAccuracy * 100).toFixed(2)]);
  const w = Math.max(...rows.map(([a]) => a.length));
  const lines = [
    `${"attack".padEnd(w)}  accuracy %`,
    ...rows.map(([a, v]) => `${a.padEnd(w)}  ${v.padStart(10)}`),
  ];
  for (const flag of done.flags) lines.push(`flag: ${flag}`);
  return `${lines.join("\n")}\n`;
}

/** How {@link followEvaluate} reports. */
export interface FollowEvaluateOptions {
  readonly server: string;
  readonly json: boolean;
  /** Write the worst-case adversarial examples here (NPY) when the job returned them. */
  readonly saveAdv?: string;
}

/**
 * Shows an Evaluate job's stream (a progress bar per attack, then the table or JSON) until it
 * ends; Ctrl-C detaches and prints how to re-attach. Shared by `normctl eval` and `normctl watch`.
 */
export async function followEvaluate(
  call: ClientReadableStream<JobEvent>,
  opts: FollowEvaluateOptions,
): Promise<void> {
  const display = new LiveDisplay(opts.json ? { write: () => undefined } : process.stdout);
  const results: AttackResult[] = [];
  let jobId = "";
  const sigint = detachOnSigint(call);
  let completed: EvaluateCompleted | undefined;
  let current = "";
  try {
    for await (const event of jobEvents(call)) {
      jobId = event.jobId;
      const e = event.event;
      if (e?.$case === "started") display.line(`job ${jobId} started on ${e.value.backend}`);
      else if (e?.$case === "attackProgress") {
        const p = e.value;
        if (current && current !== p.attack) display.finish();
        current = p.attack;
        display.setProgress(
          `${p.attack.padEnd(12)} ${progressBar(p.pointsDone, p.pointsTotal)}  robust ${p.robustSoFar}/${p.pointsDone}`,
        );
      } else if (e?.$case === "attackResult") {
        results.push(e.value);
        display.finish();
        display.line(
          `${e.value.attack}: robust accuracy ${(e.value.robustAccuracy * 100).toFixed(2)}% (${e.value.seconds.toFixed(1)} s)`,
        );
      } else if (e?.$case === "evaluateCompleted") completed = e.value;
    }
  } catch (error) {
    if (!sigint.detached) throw error;
  } finally {
    sigint.dispose();
  }
  if (sigint.report(jobId, opts.server)) return;
  if (!completed) throw new Error(`job ${jobId} ended without a result`);
  const adv = opts.saveAdv ? worstCaseAdversarial(results) : undefined;
  if (opts.saveAdv && adv) await writeNpy(opts.saveAdv, adv.data, adv.shape);
  if (opts.json) {
    const json = {
      jobId,
      cleanAccuracy: completed.cleanAccuracy,
      robustAccuracy: completed.robustAccuracy,
      attacks: completed.results.map((r) => ({
        attack: r.attack,
        robustAccuracy: r.robustAccuracy,
        n: r.n,
        seconds: r.seconds,
      })),
      flags: completed.flags,
      robust: completed.robust,
      seconds: completed.seconds,
      savedAdversarial: adv ? { path: opts.saveAdv, shape: adv.shape } : undefined,
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    process.stdout.write(table(completed));
    if (adv) process.stdout.write(`adversarial examples [${adv.shape.join(", ")}] → ${opts.saveAdv}\n`);
  }
}

/** `normctl eval`: starts an Evaluate job and follows it. */
export async function runEval(args: NormctlEvalArgs): Promise<void> {
  const stub = openStub(args.server);
  try {
    await followEvaluate(stub.evaluate(evalRequest(args)), args);
  } finally {
    stub.close();
  }
}
