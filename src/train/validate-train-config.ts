import type { ResolvedAttack } from "../attack/attack-types.js";
import { resolveAttack } from "../attack/resolve-attacks.js";
import { invalidArgument } from "../errors/normserve-error.js";
import { NormType } from "../gen/normserve/v1/compute_norms.js";
import { AttackType, ThreatNorm } from "../gen/normserve/v1/evaluate.js";
import { LrSchedule, type TrainRequest } from "../gen/normserve/v1/train.js";
import type { LinearOperatorLayer } from "../norms/linear-layer.js";
import type { LrScheduleConfig, NormDecayConfig, TrainConfig } from "./train-config.js";

/** Default batch size (DESIGN §4). */
export const DEFAULT_BATCH_SIZE = 128;
/** Default progress interval. */
export const DEFAULT_PROGRESS_EVERY = 10;
const MAX_EPOCHS = 100_000;
const MAX_BATCH = 65_536;
const MAX_ATTACK_STEPS = 10_000;

function finite(field: string, v: number): number {
  if (!Number.isFinite(v)) throw invalidArgument(`${field}: must be a finite number, got ${v}`);
  return v;
}

function atLeast(field: string, v: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(v) || v < min || v > max)
    throw invalidArgument(`${field}: must be an integer in [${min}, ${max}], got ${v}`);
  return v;
}

function schedule(request: TrainRequest, stepsPerEpoch: number): LrScheduleConfig {
  const o = request.optimizer;
  switch (o?.schedule ?? LrSchedule.LR_SCHEDULE_UNSPECIFIED) {
    case LrSchedule.LR_SCHEDULE_UNSPECIFIED:
    case LrSchedule.LR_SCHEDULE_CONSTANT:
      return { kind: "constant" };
    case LrSchedule.LR_SCHEDULE_COSINE:
      return { kind: "cosine", totalSteps: request.epochs * stepsPerEpoch };
    case LrSchedule.LR_SCHEDULE_STEP: {
      const gamma = o?.stepGamma === 0 || o?.stepGamma === undefined ? 0.1 : o.stepGamma;
      if (!(finite("optimizer.step_gamma", gamma) > 0))
        throw invalidArgument(`optimizer.step_gamma: must be > 0, got ${gamma}`);
      const every = atLeast("optimizer.step_epochs", o?.stepEpochs ?? 0, 0);
      const milestones = o?.stepMilestones ?? [];
      for (const [i, m] of milestones.entries()) atLeast(`optimizer.step_milestones[${i}]`, m, 1);
      if (milestones.length === 0 && every === 0)
        throw invalidArgument("optimizer: LR_SCHEDULE_STEP needs step_epochs ≥ 1 or step_milestones");
      return { kind: "step", gamma, milestones: [...milestones], every };
    }
    default:
      throw invalidArgument(`optimizer.schedule: unknown value ${o?.schedule}`);
  }
}

function normDecay(request: TrainRequest): NormDecayConfig | undefined {
  const d = request.normDecay;
  if (d === undefined) return undefined;
  const norm =
    d.norm === NormType.NORM_TYPE_L1 ? "l1" : d.norm === NormType.NORM_TYPE_LINF ? "linf" : undefined;
  if (norm === undefined)
    throw invalidArgument(
      `norm_decay.norm: must be NORM_TYPE_L1 or NORM_TYPE_LINF, got ${NormType[d.norm] ?? d.norm}`,
    );
  if (!(finite("norm_decay.beta", d.beta) >= 0))
    throw invalidArgument(`norm_decay.beta: must be ≥ 0, got ${d.beta}`);
  if (!(finite("norm_decay.momentum", d.momentum) >= 0 && d.momentum <= 1))
    throw invalidArgument(`norm_decay.momentum: must be in [0, 1], got ${d.momentum}`);
  const kinds = new Set<LinearOperatorLayer["kind"]>();
  if (d.conv) kinds.add("conv").add("convTranspose");
  if (d.linear) kinds.add("linear");
  if (d.bn) kinds.add("batchNorm");
  if (kinds.size === 0) throw invalidArgument("norm_decay: select at least one of conv, linear, bn");
  return { norm, beta: d.beta, momentum: d.momentum, kinds };
}

/**
 * The adversarial spec, resolved and checked by src/attack's resolver (defaults: 10 PGD steps,
 * step size 2.5ε/steps, 1 restart); training adds what it supports: FGSM or PGD, L∞, ≤ 10 000 steps.
 */
function adversarial(request: TrainRequest): ResolvedAttack | undefined {
  const a = request.adversarial;
  if (a === undefined) return undefined;
  if (a.type !== AttackType.ATTACK_TYPE_FGSM && a.type !== AttackType.ATTACK_TYPE_PGD)
    throw invalidArgument(
      `adversarial.type: adversarial training supports ATTACK_TYPE_FGSM and ATTACK_TYPE_PGD, got ${AttackType[a.type] ?? a.type}`,
    );
  if (a.norm !== ThreatNorm.THREAT_NORM_UNSPECIFIED && a.norm !== ThreatNorm.THREAT_NORM_LINF)
    throw invalidArgument(
      `adversarial.norm: adversarial training supports THREAT_NORM_LINF, got ${ThreatNorm[a.norm] ?? a.norm}`,
    );
  atLeast("adversarial.steps", a.steps, 0, MAX_ATTACK_STEPS);
  // The class count only matters to APGD-T, refused above.
  return resolveAttack("adversarial", a, 0);
}

/**
 * Checks every hyper-parameter of a Train request (the model and data are checked elsewhere) and
 * resolves defaults. `stepsPerEpoch` sizes the cosine schedule.
 * @throws NormserveError INVALID_ARGUMENT naming the field.
 */
export function validateTrainConfig(request: TrainRequest, stepsPerEpoch: number): TrainConfig {
  const epochs = atLeast("epochs", request.epochs, 1, MAX_EPOCHS);
  const batchSize =
    request.batchSize === 0 ? DEFAULT_BATCH_SIZE : atLeast("batch_size", request.batchSize, 1, MAX_BATCH);
  const o = request.optimizer;
  if (o === undefined) throw invalidArgument("optimizer: required (learning_rate > 0)");
  if (!(finite("optimizer.learning_rate", o.learningRate) > 0))
    throw invalidArgument(`optimizer.learning_rate: must be > 0, got ${o.learningRate}`);
  if (!(finite("optimizer.momentum", o.momentum) >= 0 && o.momentum < 1))
    throw invalidArgument(`optimizer.momentum: must be in [0, 1), got ${o.momentum}`);
  if (!(finite("optimizer.weight_decay", o.weightDecay) >= 0))
    throw invalidArgument(`optimizer.weight_decay: must be ≥ 0, got ${o.weightDecay}`);
  if (o.nesterov && o.momentum === 0) throw invalidArgument("optimizer.nesterov: needs momentum > 0");
  let svc: TrainConfig["svc"];
  if (request.svc !== undefined) {
    if (!(finite("svc.clip_to", request.svc.clipTo) > 0))
      throw invalidArgument(`svc.clip_to: must be > 0, got ${request.svc.clipTo}`);
    svc = { clipTo: request.svc.clipTo, everySteps: atLeast("svc.every_steps", request.svc.everySteps, 1) };
  }
  let bnRadius: number | undefined;
  if (request.bnProjection !== undefined) {
    bnRadius = finite("bn_projection.radius", request.bnProjection.radius);
    if (!(bnRadius > 0)) throw invalidArgument(`bn_projection.radius: must be > 0, got ${bnRadius}`);
  }
  const aug = request.augmentation;
  const padding = atLeast("augmentation.crop_padding", aug?.cropPadding ?? 0, 0, 64);
  const seed = request.seed;
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw invalidArgument(`seed: must be a safe integer ≥ 0, got ${seed}`);
  return {
    epochs,
    batchSize,
    learningRate: o.learningRate,
    momentum: o.momentum,
    weightDecay: o.weightDecay,
    nesterov: o.nesterov,
    schedule: schedule(request, stepsPerEpoch),
    normDecay: normDecay(request),
    svc,
    bnRadius,
    adversarial: adversarial(request),
    augmentation: { padding, horizontalFlip: aug?.horizontalFlip ?? false },
    seed,
    normsEverySteps: atLeast("norms_every_steps", request.normsEverySteps, 0),
    progressEverySteps:
      request.progressEverySteps === 0
        ? DEFAULT_PROGRESS_EVERY
        : atLeast("progress_every_steps", request.progressEverySteps, 1),
  };
}
