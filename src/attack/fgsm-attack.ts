import { crossEntropyLoss } from "./attack-losses.js";
import type { AttackFn } from "./attack-types.js";

/** FGSM (L∞): x + ε·sign(∇ CE), clipped to [0, 1]. Deterministic. */
export const fgsmAttack: AttackFn = async (attack, { oracle, x, y }) => {
  const { grad } = oracle.lossGradient(x, y, crossEntropyLoss);
  const adv = new Float32Array(x.length);
  for (let j = 0; j < x.length; j++)
    adv[j] = Math.min(Math.max(x[j] + attack.eps * Math.sign(grad[j]), 0), 1);
  return adv;
};
