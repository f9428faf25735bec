import { apgdCeAttack, apgdTAttack } from "./apgd-attack.js";
import type { AttackFn, AttackKind } from "./attack-types.js";
import { fgsmAttack } from "./fgsm-attack.js";
import { pgdAttack } from "./pgd-attack.js";
import { squareAttack } from "./square-attack.js";

/** The implementation of each attack kind. */
export const ATTACKS: Readonly<Record<AttackKind, AttackFn>> = {
  fgsm: fgsmAttack,
  pgd: pgdAttack,
  "apgd-ce": apgdCeAttack,
  "apgd-t": apgdTAttack,
  square: squareAttack,
};
