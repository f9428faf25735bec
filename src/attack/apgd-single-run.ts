import { predictions } from "./attack-losses.js";
import { type AttackBatch, pause, type ResolvedAttack } from "./attack-types.js";
import type { AttackLoss } from "./model-oracle.js";
import { normalizeRows, projectToBall } from "./threat-ball.js";

/** Result of one APGD run on a batch. */
export interface ApgdRunResult {
  /** The last misclassified iterate per point (the start point where none was). */
  readonly adv: Float32Array;
  /** 1 where some iterate was misclassified. */
  readonly fooled: Uint8Array;
}

/** APGD's checkpoint constants for `nIter` iterations, in integers as the published code has them. */
export function apgdCheckpointSizes(nIter: number): { first: number; decrease: number; min: number } {
  return {
    first: Math.max(Math.floor(0.22 * nIter), 1),
    decrease: Math.max(Math.floor(0.03 * nIter), 1),
    min: Math.max(Math.floor(0.06 * nIter), 1),
  };
}

/**
 * One APGD run (Croce & Hein 2020, `attack_single_run` of fra31/auto-attack): random start,
 * η₀ = 2ε per point, momentum 0.75 (α = 1 at the first step), checkpoints every k iterations with
 * k = ⌊0.22N⌋ shrinking by ⌊0.03N⌋ to ⌊0.06N⌋; at a checkpoint η halves (and x, ∇ reset to the
 * best point) when the loss rose in ≤ 0.75·k of the last k steps, or when η was not halved at the
 * previous checkpoint and the best loss did not improve since.
 */
export async function apgdSingleRun(
  attack: ResolvedAttack,
  batch: AttackBatch,
  loss: AttackLoss,
): Promise<ApgdRunResult> {
  const { oracle, x, y, rng } = batch;
  const { eps, norm } = attack;
  const nIter = attack.steps;
  const n = y.length;
  const size = x.length / n;
  const total = x.length;
  const t = new Float32Array(total);
  for (let j = 0; j < total; j++) t[j] = norm === "linf" ? 2 * rng.next() - 1 : rng.nextGaussian();
  normalizeRows(t, n, size, norm);
  let xAdv = new Float32Array(total);
  for (let j = 0; j < total; j++) xAdv[j] = Math.min(Math.max(x[j] + eps * t[j], 0), 1);
  const xBest = Float32Array.from(xAdv);
  const xBestAdv = Float32Array.from(xAdv);
  let first = oracle.lossGradient(xAdv, y, loss);
  let grad = first.grad;
  const gradBest = Float32Array.from(grad);
  const fooled = new Uint8Array(n);
  const pred0 = predictions(first.logits, oracle.classes);
  for (let i = 0; i < n; i++) fooled[i] = pred0[i] !== y[i] ? 1 : 0;
  const lossBest = Float32Array.from(first.loss);
  const stepSize = new Float64Array(n).fill(2 * eps);
  let xOld = Float32Array.from(xAdv);
  const { first: k0, decrease, min: kMin } = apgdCheckpointSizes(nIter);
  let k = k0;
  let counter = 0;
  let lossBestLastCheck = Float32Array.from(lossBest);
  let reducedLastCheck = new Uint8Array(n).fill(1);
  const lossSteps = Array.from({ length: nIter }, () => new Float32Array(n));
  batch.onBestLoss?.(0, Float32Array.from(lossBest));
  for (let it = 0; it < nIter; it++) {
    await pause(batch);
    const a = it > 0 ? 0.75 : 1;
    const z = new Float32Array(total);
    if (norm === "linf")
      for (let j = 0; j < total; j++) z[j] = xAdv[j] + stepSize[(j / size) | 0] * Math.sign(grad[j]);
    else {
      const g = Float32Array.from(grad);
      normalizeRows(g, n, size, "l2");
      for (let j = 0; j < total; j++) z[j] = xAdv[j] + stepSize[(j / size) | 0] * g[j];
    }
    projectToBall(z, x, n, size, eps, norm);
    const next = new Float32Array(total);
    for (let j = 0; j < total; j++) next[j] = xAdv[j] + (z[j] - xAdv[j]) * a + (xAdv[j] - xOld[j]) * (1 - a);
    projectToBall(next, x, n, size, eps, norm);
    xOld = xAdv;
    xAdv = next;
    first = oracle.lossGradient(xAdv, y, loss);
    grad = first.grad;
    const pred = predictions(first.logits, oracle.classes);
    for (let i = 0; i < n; i++) {
      if (pred[i] !== y[i]) {
        fooled[i] = 1;
        xBestAdv.set(xAdv.subarray(i * size, (i + 1) * size), i * size);
      }
      lossSteps[it][i] = first.loss[i];
      if (first.loss[i] > lossBest[i]) {
        xBest.set(xAdv.subarray(i * size, (i + 1) * size), i * size);
        gradBest.set(grad.subarray(i * size, (i + 1) * size), i * size);
        lossBest[i] = first.loss[i];
      }
    }
    batch.onBestLoss?.(it + 1, Float32Array.from(lossBest));
    counter++;
    if (counter === k) {
      const reduced = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        let rose = 0;
        // Index −1 is the last row (still zeros), as Python's negative indexing reads it.
        for (let c = 0; c < k; c++) {
          const prev = it - c - 1 < 0 ? nIter + (it - c - 1) : it - c - 1;
          if (lossSteps[it - c][i] > lossSteps[prev][i]) rose++;
        }
        const oscillation = rose <= k * 0.75;
        const noImprovement = reducedLastCheck[i] === 0 && lossBestLastCheck[i] >= lossBest[i];
        reduced[i] = oscillation || noImprovement ? 1 : 0;
        if (reduced[i]) {
          stepSize[i] /= 2;
          xAdv.set(xBest.subarray(i * size, (i + 1) * size), i * size);
          grad.set(gradBest.subarray(i * size, (i + 1) * size), i * size);
        }
      }
      reducedLastCheck = reduced;
      lossBestLastCheck = Float32Array.from(lossBest);
      k = Math.max(k - decrease, kMin);
      counter = 0;
    }
  }
  return { adv: xBestAdv, fooled };
}
