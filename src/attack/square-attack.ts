import { margins, predictions } from "./attack-losses.js";
import { type AttackBatch, type AttackFn, pause, type ResolvedAttack } from "./attack-types.js";
import { squareL2Run } from "./square-l2-run.js";
import { squareLinfRun } from "./square-linf-run.js";
import { gatherLabels, gatherRows, scatterRows } from "./threat-ball.js";

/** The search state Square keeps per point: best image and its margin (the loss it minimises). */
export interface SquareState {
  readonly xBest: Float32Array;
  readonly marginMin: Float32Array;
}

/**
 * Square attack (Andriushchenko et al. 2020, fra31/auto-attack `square.py`): random search over
 * square windows with the margin loss, `n_queries` iterations, `restarts` runs on the points still
 * robust. Returns the best point per example (misclassified where the search succeeded).
 */
export const squareAttack: AttackFn = async (attack, batch) => {
  const { oracle, x, y } = batch;
  const n = y.length;
  const size = x.length / n;
  const adv = Float32Array.from(x);
  const pred = predictions(oracle.logits(x, n), oracle.classes);
  let todo = Array.from({ length: n }, (_, i) => i).filter((i) => pred[i] === y[i]);
  for (let r = 0; r < attack.restarts && todo.length > 0; r++) {
    const xs = gatherRows(x, todo, size);
    const ys = gatherLabels(y, todo);
    const run = attack.norm === "linf" ? squareLinfRun : squareL2Run;
    const out = await run(attack, { ...batch, x: xs, y: ys });
    const p = predictions(oracle.logits(out, ys.length), oracle.classes);
    const hit = todo.flatMap((_, k) => (p[k] !== ys[k] ? [k] : []));
    scatterRows(
      adv,
      gatherRows(out, hit, size),
      hit.map((k) => todo[k]),
      size,
    );
    todo = todo.filter((_, k) => p[k] === ys[k]);
  }
  return adv;
};

/**
 * The shared search loop: each iteration proposes new images for the points whose margin is
 * still > 0 (`propose` gets their indices and the iteration) and keeps a proposal when its margin
 * is lower or ≤ 0.
 */
export async function squareSearch(
  attack: ResolvedAttack,
  batch: AttackBatch,
  state: SquareState,
  propose: (idx: readonly number[], it: number) => Float32Array,
): Promise<Float32Array> {
  const { oracle, y } = batch;
  const size = batch.x.length / y.length;
  for (let it = 0; it < attack.nQueries; it++) {
    await pause(batch);
    const idx = Array.from(state.marginMin.keys()).filter((i) => state.marginMin[i] > 0);
    if (idx.length === 0) break;
    const xNew = propose(idx, it);
    const ys = gatherLabels(y, idx);
    const m = margins(oracle.logits(xNew, idx.length), ys, oracle.classes);
    idx.forEach((i, k) => {
      if (m[k] < state.marginMin[i] || m[k] <= 0) {
        state.marginMin[i] = m[k];
        state.xBest.set(xNew.subarray(k * size, (k + 1) * size), i * size);
      }
    });
  }
  return state.xBest;
}

/** Margins of `xs` (a starting point). @internal */
export function initialMargins(batch: AttackBatch, xs: Float32Array): Float32Array {
  const { oracle, y } = batch;
  return margins(oracle.logits(xs, y.length), y, oracle.classes);
}
