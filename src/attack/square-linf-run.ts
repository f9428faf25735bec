import type { AttackBatch, ResolvedAttack } from "./attack-types.js";
import { initialMargins, squareSearch } from "./square-attack.js";
import { pyRound, randomInt, randomSign, squareP } from "./square-patterns.js";
import { gatherRows } from "./threat-ball.js";

/**
 * One L∞ Square run: start from vertical stripes (±ε per example, channel and column); each
 * iteration sets one s×s window (s = round(√(p·h·w)), 1 ≤ s ≤ min(h, w); one position and one sign
 * per channel for the batch, as AA draws them) to x_best ± 2ε, projected back to the ball and [0, 1].
 */
export async function squareLinfRun(attack: ResolvedAttack, batch: AttackBatch): Promise<Float32Array> {
  const { x, y, rng } = batch;
  const [c, h, w] = batch.oracle.imageShape;
  const n = y.length;
  const size = c * h * w;
  const eps = attack.eps;
  const xBest = new Float32Array(x.length);
  for (let i = 0; i < n; i++)
    for (let ch = 0; ch < c; ch++)
      for (let col = 0; col < w; col++) {
        const v = eps * randomSign(rng);
        for (let row = 0; row < h; row++) {
          const j = i * size + ch * h * w + row * w + col;
          xBest[j] = Math.min(Math.max(x[j] + v, 0), 1);
        }
      }
  const state = { xBest, marginMin: initialMargins(batch, xBest) };
  return squareSearch(attack, batch, state, (idx, it) => {
    const p = squareP(attack.pInit, it);
    const s = Math.min(Math.max(pyRound(Math.sqrt(p * h * w)), 1), Math.min(h, w));
    const vh = randomInt(rng, 0, h - s);
    const vw = randomInt(rng, 0, w - s);
    const signs = Array.from({ length: c }, () => 2 * eps * randomSign(rng));
    const xNew = gatherRows(state.xBest, idx, size);
    idx.forEach((i, k) => {
      for (let ch = 0; ch < c; ch++)
        for (let row = vh; row < vh + s; row++)
          for (let col = vw; col < vw + s; col++) {
            const o = ch * h * w + row * w + col;
            const j = k * size + o;
            const x0 = x[i * size + o];
            const v = Math.min(Math.max(xNew[j] + signs[ch], x0 - eps), x0 + eps);
            xNew[j] = Math.min(Math.max(v, 0), 1);
          }
    });
    return xNew;
  });
}
