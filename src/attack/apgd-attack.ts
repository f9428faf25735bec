import { apgdSingleRun } from "./apgd-single-run.js";
import { crossEntropyLoss, descendingOrder, predictions, targetedDlrLoss } from "./attack-losses.js";
import type { AttackBatch, AttackFn, ResolvedAttack } from "./attack-types.js";
import type { AttackLoss } from "./model-oracle.js";
import { gatherLabels, gatherRows, scatterRows } from "./threat-ball.js";

/** APGD-CE: `restarts` APGD runs on the cross-entropy, each on the points still robust. */
export const apgdCeAttack: AttackFn = async (attack, batch) => {
  const state = startState(batch);
  for (let r = 0; r < attack.restarts; r++) await runOnRobust(attack, batch, state, () => crossEntropyLoss);
  return state.adv;
};

/**
 * APGD-T: for target rank t = 2 … n_target_classes + 1 and each restart, APGD on the targeted DLR
 * loss towards the t-th largest clean logit, on the points still robust.
 */
export const apgdTAttack: AttackFn = async (attack, batch) => {
  const state = startState(batch);
  const classes = batch.oracle.classes;
  for (let rank = 2; rank <= attack.nTargetClasses + 1; rank++) {
    for (let r = 0; r < attack.restarts; r++) {
      await runOnRobust(attack, batch, state, (xs, ys) => {
        const logits = batch.oracle.logits(xs, ys.length);
        const targets = Int32Array.from(
          ys,
          (_, i) => descendingOrder(logits, i * classes, classes)[rank - 1],
        );
        return targetedDlrLoss(targets);
      });
    }
  }
  return state.adv;
};

interface ApgdState {
  readonly adv: Float32Array;
  readonly robust: boolean[];
}

function startState({ oracle, x, y }: AttackBatch): ApgdState {
  const pred = predictions(oracle.logits(x, y.length), oracle.classes);
  return { adv: Float32Array.from(x), robust: Array.from(y, (label, i) => pred[i] === label) };
}

async function runOnRobust(
  attack: ResolvedAttack,
  batch: AttackBatch,
  state: ApgdState,
  lossFor: (xs: Float32Array, ys: Int32Array) => AttackLoss,
): Promise<void> {
  const size = batch.x.length / batch.y.length;
  const idx = state.robust.flatMap((r, i) => (r ? [i] : []));
  if (idx.length === 0) return;
  const xs = gatherRows(batch.x, idx, size);
  const ys = gatherLabels(batch.y, idx);
  const { adv, fooled } = await apgdSingleRun(attack, { ...batch, x: xs, y: ys }, lossFor(xs, ys));
  const hit = idx.flatMap((_, k) => (fooled[k] ? [k] : []));
  scatterRows(
    state.adv,
    gatherRows(adv, hit, size),
    hit.map((k) => idx[k]),
    size,
  );
  for (const k of hit) state.robust[idx[k]] = false;
}
