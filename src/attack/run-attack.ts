import { SeededRandom } from "../data/seeded-random.js";
import { ATTACKS } from "./attack-registry.js";
import type { ResolvedAttack } from "./attack-types.js";
import type { ModelOracle } from "./model-oracle.js";
import { gatherLabels, gatherRows, scatterRows } from "./threat-ball.js";
import { verifyAdversarial } from "./verify-adversarial.js";
import { createYieldPoint } from "./yield-point.js";

/** Inputs of {@link runAttack}. */
export interface RunAttackOptions {
  readonly oracle: ModelOracle;
  readonly images: Float32Array;
  readonly labels: Int32Array;
  /** Points to attack (the others keep their clean image and count as non-robust). */
  readonly attackIndices: readonly number[];
  readonly batchSize: number;
  /** Seed words of this attack's random stream. */
  readonly seed: readonly number[];
  readonly signal: AbortSignal;
  /** After each batch: points done and still robust among them. */
  readonly onBatch?: (pointsDone: number, robustSoFar: number) => void;
}

/** What one attack did over the whole set. */
export interface AttackOutcome {
  /** Per point (all N): attacked and still correctly classified after verification. */
  readonly robust: boolean[];
  /** N × size adversarial examples (the clean image where the point was not attacked). */
  readonly adversarial: Float32Array;
  readonly outsideBall: number;
}

/**
 * Runs one attack over `attackIndices` in batches of `batchSize` (never one point at a time),
 * verifying every batch before it counts (ε-ball, [0, 1], misclassification on a fresh forward).
 */
export async function runAttack(attack: ResolvedAttack, options: RunAttackOptions): Promise<AttackOutcome> {
  const { oracle, images, labels, attackIndices, batchSize, signal } = options;
  const n = labels.length;
  const size = images.length / n;
  const adversarial = Float32Array.from(images);
  const robust = new Array<boolean>(n).fill(false);
  const rng = new SeededRandom(...options.seed);
  const fn = ATTACKS[attack.kind];
  const yieldPoint = createYieldPoint(signal);
  let outsideBall = 0;
  let robustSoFar = 0;
  for (let start = 0; start < attackIndices.length; start += batchSize) {
    await yieldPoint();
    const idx = attackIndices.slice(start, start + batchSize);
    const x = gatherRows(images, idx, size);
    const y = gatherLabels(labels, idx);
    const adv = await fn(attack, { oracle, x, y, rng, signal, yieldPoint });
    const v = verifyAdversarial(oracle, x, adv, y, attack.eps, attack.norm);
    outsideBall += v.outsideBall;
    idx.forEach((p, k) => {
      robust[p] = v.robust[k];
      if (v.robust[k]) robustSoFar++;
    });
    scatterRows(adversarial, adv, idx, size);
    options.onBatch?.(start + idx.length, robustSoFar);
  }
  return { robust, adversarial, outsideBall };
}
