import type { SeededRandom } from "../data/seeded-random.js";
import type { ModelOracle } from "./model-oracle.js";
import type { ThreatNormName } from "./threat-ball.js";

/** Kinds of attack the service runs. */
export type AttackKind = "fgsm" | "pgd" | "apgd-ce" | "apgd-t" | "square";

/** An attack with every parameter resolved (defaults filled, validated). */
export interface ResolvedAttack {
  readonly kind: AttackKind;
  /** Display name, e.g. "apgd-ce-linf". */
  readonly name: string;
  readonly norm: ThreatNormName;
  readonly eps: number;
  readonly steps: number;
  readonly stepSize: number;
  readonly restarts: number;
  readonly randomStart: boolean;
  readonly nQueries: number;
  readonly nTargetClasses: number;
  readonly pInit: number;
}

/** One batch for an attack: clean images (n × size), labels, and the shared machinery. */
export interface AttackBatch {
  readonly oracle: ModelOracle;
  readonly x: Float32Array;
  readonly y: Int32Array;
  readonly rng: SeededRandom;
  readonly signal: AbortSignal;
  /** Awaited between iterations: throws once aborted, yields to the event loop now and then. */
  readonly yieldPoint?: () => Promise<void>;
  /** Called with the summed best loss after each iteration (APGD), for diagnostics and tests. */
  readonly onBestLoss?: (iteration: number, bestLoss: Float32Array) => void;
}

/** Runs an attack on one batch; returns the adversarial examples (the clean point where it failed). */
export type AttackFn = (attack: ResolvedAttack, batch: AttackBatch) => Promise<Float32Array>;

/** Awaits the batch's yield point (or just checks its signal). @internal */
export async function pause(batch: AttackBatch): Promise<void> {
  if (batch.yieldPoint) await batch.yieldPoint();
  else batch.signal.throwIfAborted();
}
