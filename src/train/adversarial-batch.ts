import { ATTACKS } from "../attack/attack-registry.js";
import type { ResolvedAttack } from "../attack/attack-types.js";
import type { ModelOracle } from "../attack/model-oracle.js";
import type { Batch } from "../data/index.js";
import { SeededRandom } from "../data/seeded-random.js";

/** What adversarial training needs besides the batch: the resolved attack and the model oracle. */
export interface AdversarialTraining {
  /** FGSM or L∞ PGD, resolved by src/attack's resolver. */
  readonly attack: ResolvedAttack;
  /** The model being trained, seen by the attack in EVAL mode (see {@link adversarialBatch}). */
  readonly oracle: ModelOracle;
  /** Checked between the attack's iterations. */
  readonly signal: AbortSignal;
}

/**
 * The adversarial images of one training batch (Madry et al.), made by the Evaluate issue's attack
 * code (src/attack: FGSM, or PGD with its random start and restarts) so there is one PGD.
 *
 * The attack runs the model in EVAL mode (the {@link ModelOracle}: batch norm with the running
 * statistics, no dropout), so the attack's forward passes neither update the running statistics
 * nor depend on the rest of the batch; the training step that follows runs in train mode on the
 * adversarial batch. (Madry's reference runs the attack in train mode; eval mode is the other
 * common choice and keeps the BN statistics those of the adversarial training batches only.)
 *
 * `seed` drives the random start (a fresh stream per step). Returns a new array; `batch` is left
 * alone.
 */
export function adversarialBatch(
  adv: AdversarialTraining,
  batch: Batch,
  seed: number,
): Promise<Float32Array> {
  return ATTACKS[adv.attack.kind](adv.attack, {
    oracle: adv.oracle,
    x: batch.images,
    y: batch.labels,
    rng: new SeededRandom(seed),
    signal: adv.signal,
  });
}
