import { invalidArgument } from "../errors/normserve-error.js";
import {
  type AttackSpec,
  AttackType,
  type EvaluateRequest,
  ThreatNorm,
} from "../gen/normserve/v1/evaluate.js";
import type { AttackKind, ResolvedAttack } from "./attack-types.js";
import type { ThreatNormName } from "./threat-ball.js";

const KIND: Partial<Record<AttackType, AttackKind>> = {
  [AttackType.ATTACK_TYPE_FGSM]: "fgsm",
  [AttackType.ATTACK_TYPE_PGD]: "pgd",
  [AttackType.ATTACK_TYPE_APGD_CE]: "apgd-ce",
  [AttackType.ATTACK_TYPE_APGD_T]: "apgd-t",
  [AttackType.ATTACK_TYPE_SQUARE]: "square",
};

/** The wire enum of an attack kind. */
export const ATTACK_TYPE: Record<AttackKind, AttackType> = {
  fgsm: AttackType.ATTACK_TYPE_FGSM,
  pgd: AttackType.ATTACK_TYPE_PGD,
  "apgd-ce": AttackType.ATTACK_TYPE_APGD_CE,
  "apgd-t": AttackType.ATTACK_TYPE_APGD_T,
  square: AttackType.ATTACK_TYPE_SQUARE,
};

/** Presets: AutoAttack standard's attacks without FAB-T (so not called "standard"). */
export const PRESETS = ["standard-nofab"] as const;

/** Default iterations of attacks whose `steps` is 0. */
const DEFAULT_STEPS: Record<AttackKind, number> = {
  fgsm: 1,
  pgd: 10,
  "apgd-ce": 100,
  "apgd-t": 100,
  square: 0,
};

function normOf(field: string, norm: ThreatNorm): ThreatNormName {
  if (norm === ThreatNorm.THREAT_NORM_UNSPECIFIED || norm === ThreatNorm.THREAT_NORM_LINF) return "linf";
  if (norm === ThreatNorm.THREAT_NORM_L2) return "l2";
  throw invalidArgument(`${field}: unknown norm ${norm}`);
}

function checkEps(field: string, eps: number): void {
  if (!(Number.isFinite(eps) && eps > 0))
    throw invalidArgument(`${field}: ε must be finite and > 0, got ${eps}`);
}

function intField(field: string, v: number, min: number): void {
  if (!Number.isSafeInteger(v) || v < min)
    throw invalidArgument(`${field}: must be an integer ≥ ${min}, got ${v}`);
}

/**
 * One AttackSpec with its zero fields replaced by the published defaults (restarts 1, step size
 * 2.5ε/steps, 100 APGD iterations, 10 PGD steps, 5000 Square queries, p_init 0.8, targets
 * min(9, classes − 1)) and checked, including the class counts the published code trips on:
 * APGD-T's targeted DLR needs ≥ 4 classes and targets ≤ classes − 1.
 * @throws INVALID_ARGUMENT naming the field and the attack.
 */
export function resolveAttack(field: string, spec: AttackSpec, classes: number): ResolvedAttack {
  const kind = KIND[spec.type];
  if (kind === undefined)
    throw invalidArgument(`${field}.type: an attack type is required, got ${spec.type}`);
  const norm = normOf(`${field}.norm`, spec.norm);
  checkEps(`${field}.eps`, spec.eps);
  if (kind === "fgsm" && norm !== "linf") throw invalidArgument(`${field}.norm: FGSM is an L∞ attack`);
  for (const [name, v] of [
    ["steps", spec.steps],
    ["restarts", spec.restarts],
    ["n_queries", spec.nQueries],
    ["n_target_classes", spec.nTargetClasses],
  ] as const)
    intField(`${field}.${name}`, v, 0);
  if (!(Number.isFinite(spec.stepSize) && spec.stepSize >= 0))
    throw invalidArgument(`${field}.step_size: must be finite and ≥ 0, got ${spec.stepSize}`);
  if (!(Number.isFinite(spec.pInit) && spec.pInit >= 0 && spec.pInit <= 1))
    throw invalidArgument(`${field}.p_init: must be in (0, 1], got ${spec.pInit}`);
  const steps = spec.steps === 0 ? DEFAULT_STEPS[kind] : spec.steps;
  let nTargetClasses = 0;
  if (kind === "apgd-t") {
    if (classes < 4)
      throw invalidArgument(
        `${field}: apgd-t uses the targeted DLR loss, which needs ≥ 4 classes; the model has ${classes}`,
      );
    nTargetClasses = spec.nTargetClasses === 0 ? Math.min(9, classes - 1) : spec.nTargetClasses;
    if (nTargetClasses > classes - 1)
      throw invalidArgument(
        `${field}.n_target_classes: apgd-t can target at most classes − 1 = ${classes - 1} classes, got ${nTargetClasses}`,
      );
  }
  const suffix = kind === "fgsm" ? "" : `-${norm}`;
  return {
    kind,
    name: `${kind}${suffix}`,
    norm,
    eps: spec.eps,
    steps,
    stepSize: spec.stepSize !== 0 ? spec.stepSize : steps > 0 ? (2.5 * spec.eps) / steps : 0,
    restarts: spec.restarts === 0 ? 1 : spec.restarts,
    randomStart: spec.randomStart,
    nQueries: spec.nQueries === 0 ? 5000 : spec.nQueries,
    nTargetClasses,
    pInit: spec.pInit === 0 ? 0.8 : spec.pInit,
  };
}

/** The preset's attacks (if any) followed by `attacks`, resolved; at least one. */
export function resolveAttacks(request: EvaluateRequest, classes: number): ResolvedAttack[] {
  const out: ResolvedAttack[] = [];
  if (request.preset !== "") {
    if (request.preset !== "standard-nofab")
      throw invalidArgument(`preset: unknown preset '${request.preset}'; known: ${PRESETS.join(", ")}`);
    checkEps("eps", request.eps);
    const base = {
      norm: request.norm,
      eps: request.eps,
      stepSize: 0,
      restarts: 1,
      randomStart: false,
      pInit: 0,
    };
    const specs: AttackSpec[] = [
      { ...base, type: AttackType.ATTACK_TYPE_APGD_CE, steps: 100, nQueries: 0, nTargetClasses: 0 },
      { ...base, type: AttackType.ATTACK_TYPE_APGD_T, steps: 100, nQueries: 0, nTargetClasses: 0 },
      {
        ...base,
        type: AttackType.ATTACK_TYPE_SQUARE,
        steps: 0,
        nQueries: 5000,
        nTargetClasses: 0,
        pInit: 0.8,
      },
    ];
    for (const [i, s] of specs.entries()) out.push(resolveAttack(`preset[${i}]`, s, classes));
  }
  for (const [i, s] of request.attacks.entries()) out.push(resolveAttack(`attacks[${i}]`, s, classes));
  if (out.length === 0) throw invalidArgument("attacks: at least one attack or a preset is required");
  return out;
}
