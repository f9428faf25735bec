import { crossEntropyLoss, predictions } from "./attack-losses.js";
import { type AttackBatch, type AttackFn, pause, type ResolvedAttack } from "./attack-types.js";
import {
  gatherLabels,
  gatherRows,
  l2Norms,
  normalizeRows,
  projectToBall,
  scatterRows,
} from "./threat-ball.js";

/**
 * PGD on the cross-entropy (Madry et al.): `steps` steps of size `stepSize` (L∞: signed gradient;
 * L2: gradient / ‖gradient‖₂), each projected onto the ε-ball and [0, 1]; optional random start;
 * restarts run only on the points still robust. Returns the last iterate of the first restart
 * that fools the model (else of the last one).
 */
export const pgdAttack: AttackFn = async (attack, batch) => {
  const { oracle, x, y } = batch;
  const n = y.length;
  const size = x.length / n;
  const adv = Float32Array.from(x);
  let todo = Array.from({ length: n }, (_, i) => i);
  for (let r = 0; r < attack.restarts && todo.length > 0; r++) {
    const xs = gatherRows(x, todo, size);
    const ys = gatherLabels(y, todo);
    const out = await pgdSingleRun(attack, { ...batch, x: xs, y: ys });
    scatterRows(adv, out, todo, size);
    // Which points are still robust matters only to a next restart (saves a forward per batch).
    if (r + 1 === attack.restarts) break;
    const pred = predictions(oracle.logits(out, ys.length), oracle.classes);
    todo = todo.filter((_, k) => pred[k] === ys[k]);
  }
  return adv;
};

async function pgdSingleRun(attack: ResolvedAttack, batch: AttackBatch): Promise<Float32Array> {
  const { oracle, x, y, rng } = batch;
  const n = y.length;
  const size = x.length / n;
  const { eps, norm, stepSize } = attack;
  const adv = Float32Array.from(x);
  if (attack.randomStart) {
    const t = new Float32Array(x.length);
    if (norm === "linf") for (let j = 0; j < t.length; j++) t[j] = (2 * rng.next() - 1) * eps;
    else {
      for (let j = 0; j < t.length; j++) t[j] = rng.nextGaussian();
      normalizeRows(t, n, size, "l2");
      for (let i = 0; i < n; i++) {
        const radius = eps * rng.next();
        for (let j = i * size; j < (i + 1) * size; j++) t[j] *= radius;
      }
    }
    for (let j = 0; j < t.length; j++) adv[j] += t[j];
    projectToBall(adv, x, n, size, eps, norm);
  }
  for (let s = 0; s < attack.steps; s++) {
    await pause(batch);
    const { grad } = oracle.lossGradient(adv, y, crossEntropyLoss);
    if (norm === "linf") for (let j = 0; j < adv.length; j++) adv[j] += stepSize * Math.sign(grad[j]);
    else {
      const g = l2Norms(grad, n, size);
      for (let i = 0; i < n; i++) {
        const scale = stepSize / (g[i] + 1e-12);
        for (let j = i * size; j < (i + 1) * size; j++) adv[j] += scale * grad[j];
      }
    }
    projectToBall(adv, x, n, size, eps, norm);
  }
  return adv;
}
