import type { ResolvedAttack } from "../attack/attack-types.js";
import type { AbsSumNormKind } from "../math/conv-maximiser-weights.js";
import type { LinearOperatorLayer } from "../norms/linear-layer.js";

/** Learning-rate schedule, resolved (PyTorch semantics). */
export type LrScheduleConfig =
  | { readonly kind: "constant" }
  /** Multiply by `gamma` at each milestone epoch (MultiStepLR / StepLR with `every`). */
  | {
      readonly kind: "step";
      readonly gamma: number;
      readonly milestones: readonly number[];
      readonly every: number;
    }
  /** CosineAnnealingLR from the base rate to 0 over `totalSteps` steps (stepped per step). */
  | { readonly kind: "cosine"; readonly totalSteps: number };

/** Norm decay of DESIGN §2, resolved. */
export interface NormDecayConfig {
  readonly norm: AbsSumNormKind;
  readonly beta: number;
  readonly momentum: number;
  readonly kinds: ReadonlySet<LinearOperatorLayer["kind"]>;
}

/** Everything a validated Train request asks for, besides the model and the data. */
export interface TrainConfig {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly momentum: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;
  readonly schedule: LrScheduleConfig;
  readonly normDecay?: NormDecayConfig;
  readonly svc?: { readonly clipTo: number; readonly everySteps: number };
  readonly bnRadius?: number;
  /** FGSM or L∞ PGD adversarial training, resolved by src/attack's resolver. */
  readonly adversarial?: ResolvedAttack;
  readonly augmentation: { readonly padding: number; readonly horizontalFlip: boolean };
  readonly seed: number;
  /** 0: norms only at the end of each epoch. */
  readonly normsEverySteps: number;
  readonly progressEverySteps: number;
}
