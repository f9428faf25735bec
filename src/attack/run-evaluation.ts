import { OnnxExecutor } from "../engine/executor/onnx-executor.js";
import type { AttackResult } from "../gen/normserve/v1/evaluate.js";
import type { JobContext } from "../jobs/job-runner.js";
import { predictions } from "./attack-losses.js";
import { float32WireTensor } from "./float32-wire-tensor.js";
import { maskingChecks } from "./masking-checks.js";
import { createModelOracle, type ModelOracle } from "./model-oracle.js";
import type { EvaluatePlan } from "./prepare-evaluate-job.js";
import { ATTACK_TYPE } from "./resolve-attacks.js";
import { runAttack } from "./run-attack.js";
import { squareGapFlag } from "./square-gap-flag.js";

const accuracy = (flags: readonly boolean[]) => flags.filter(Boolean).length / Math.max(flags.length, 1);

function cleanCorrect(oracle: ModelOracle, plan: EvaluatePlan, signal: AbortSignal): boolean[] {
  const { images, labels } = plan.data;
  const n = labels.length;
  const size = images.length / n;
  const out: boolean[] = [];
  for (let s = 0; s < n; s += plan.batchSize) {
    signal.throwIfAborted();
    const e = Math.min(n, s + plan.batchSize);
    const pred = predictions(oracle.logits(images.subarray(s * size, e * size), e - s), oracle.classes);
    for (let i = s; i < e; i++) out.push(pred[i - s] === labels[i]);
  }
  return out;
}

/**
 * Runs a prepared evaluation: clean accuracy, the gradient-masking checks, then each attack in
 * order (batched; in cascade mode only on points still robust, and its `robust` flags are then
 * cumulative as AutoAttack reports them), emitting `attack_progress` per batch, `attack_result`
 * per attack and `evaluate_completed` with the point-wise worst case and the flags.
 */
export async function runEvaluation(plan: EvaluatePlan, ctx: JobContext): Promise<void> {
  const t0 = performance.now();
  const { tf, kernels } = ctx.engine;
  const seedLo = (plan.seed % 2 ** 32) >>> 0;
  const seedHi = Math.floor(plan.seed / 2 ** 32) >>> 0;
  const exe = OnnxExecutor.create(plan.modelBytes, { tf, kernels, seed: seedLo });
  try {
    const [n, c, h, w] = plan.data.shape;
    const { images, labels } = plan.data;
    const oracle = createModelOracle(exe, tf, [c, h, w], plan.classes);
    const clean = cleanCorrect(oracle, plan, ctx.signal);
    const cleanAcc = accuracy(clean);
    const flags = maskingChecks(oracle, images, labels, plan.batchSize, ctx.signal).flags;
    const worst = [...clean];
    const results: AttackResult[] = [];
    const perAttack: { kind: string; robust: boolean[] }[] = [];
    const batches = Math.ceil(n / plan.batchSize);
    for (const [a, attack] of plan.attacks.entries()) {
      const t = performance.now();
      const source = plan.cascade ? worst : clean;
      const indices = source.flatMap((r, i) => (r ? [i] : []));
      const outcome = await runAttack(attack, {
        oracle,
        images,
        labels,
        attackIndices: indices,
        batchSize: plan.batchSize,
        seed: [seedLo, seedHi, a, 0xa77ac],
        signal: ctx.signal,
        onBatch: (done, robustSoFar) => {
          ctx.emit({
            $case: "attackProgress",
            value: { attack: attack.name, pointsDone: done, pointsTotal: indices.length, robustSoFar },
          });
          ctx.setProgress(a * batches + Math.ceil(done / plan.batchSize), plan.attacks.length * batches);
        },
      });
      if (outcome.outsideBall > 0)
        flags.push(
          `verification-failed: ${outcome.outsideBall} adversarial examples of ${attack.name} left the ε-ball (counted robust)`,
        );
      outcome.robust.forEach((r, i) => {
        if (!r) worst[i] = false;
      });
      perAttack.push({ kind: attack.kind, robust: outcome.robust });
      const result: AttackResult = {
        attack: attack.name,
        type: ATTACK_TYPE[attack.kind],
        cleanAccuracy: cleanAcc,
        robustAccuracy: accuracy(outcome.robust),
        n,
        seconds: (performance.now() - t) / 1000,
        robust: outcome.robust,
        adversarial: undefined,
      };
      results.push(result);
      ctx.emit({
        $case: "attackResult",
        value: plan.returnAdversarial
          ? { ...result, adversarial: float32WireTensor(outcome.adversarial, [n, c, h, w]) }
          : result,
      });
      // Let the event loop deliver events and notice cancellation between attacks.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const gap = squareGapFlag(perAttack, n);
    if (gap) flags.push(gap);
    ctx.emit({
      $case: "evaluateCompleted",
      value: {
        cleanAccuracy: cleanAcc,
        robustAccuracy: accuracy(worst),
        results,
        flags,
        robust: worst,
        seconds: (performance.now() - t0) / 1000,
      },
    });
  } finally {
    exe.dispose();
  }
}
