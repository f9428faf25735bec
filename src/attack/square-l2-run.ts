import type { AttackBatch, ResolvedAttack } from "./attack-types.js";
import { initialMargins, squareSearch } from "./square-attack.js";
import { pseudoGaussianPattern, pyRound, randomInt, randomSign, squareP } from "./square-patterns.js";
import { normalizeRows } from "./threat-ball.js";

/**
 * One L2 Square run (AA `square.py`): start from a grid of pseudo-Gaussian patterns (side h/5,
 * random sign per example and channel) scaled to ‖δ‖₂ = ε; each iteration moves the mass of a
 * second window into an s×s window (s = max(round(√(p·h·w)), 3), odd) filled with
 * a fresh pseudo-Gaussian pattern (AA `eta(s)`, random sign per example and channel) plus the
 * old content, rescaled so that ‖δ‖₂ stays ε.
 */
export async function squareL2Run(attack: ResolvedAttack, batch: AttackBatch): Promise<Float32Array> {
  const { x, y, rng } = batch;
  const [c, h, w] = batch.oracle.imageShape;
  const n = y.length;
  const size = c * h * w;
  const eps = attack.eps;
  const plane = h * w;
  const delta = new Float32Array(x.length);
  const s0 = Math.max(Math.floor(h / 5), 1);
  const start = Math.floor((h - s0 * 5) / 2);
  for (let vh = start, a = 0; a < Math.floor(h / s0); a++, vh += s0) {
    for (let vw = start, b = 0; b < Math.floor(w / s0); b++, vw += s0) {
      if (vh + s0 > h || vw + s0 > w || vh < 0 || vw < 0) continue;
      const pattern = pseudoGaussianPattern(s0, rng);
      for (let i = 0; i < n; i++)
        for (let ch = 0; ch < c; ch++) {
          const sign = randomSign(rng);
          for (let r = 0; r < s0; r++)
            for (let q = 0; q < s0; q++)
              delta[i * size + ch * plane + (vh + r) * w + vw + q] += pattern[r * s0 + q] * sign;
        }
    }
  }
  normalizeRows(delta, n, size, "l2");
  const xBest = new Float32Array(x.length);
  for (let j = 0; j < x.length; j++) xBest[j] = Math.min(Math.max(x[j] + delta[j] * eps, 0), 1);
  const state = { xBest, marginMin: initialMargins(batch, xBest) };
  return squareSearch(attack, batch, state, (idx, it) => {
    const p = squareP(attack.pInit, it);
    let s = Math.max(pyRound(Math.sqrt(p * h * w)), 3);
    if (s % 2 === 0) s += 1;
    s = Math.min(s, h, w);
    const vh = randomInt(rng, 0, h - s);
    const vw = randomInt(rng, 0, w - s);
    const vh2 = randomInt(rng, 0, h - s);
    const vw2 = randomInt(rng, 0, w - s);
    const eta = pseudoGaussianPattern(s, rng);
    const inWin = (r: number, q: number, oh: number, ow: number) =>
      r >= oh && r < oh + s && q >= ow && q < ow + s;
    const xNew = new Float32Array(idx.length * size);
    const d = new Float32Array(size);
    idx.forEach((i, k) => {
      const base = i * size;
      let image2 = 0;
      let windows2 = 0;
      for (let o = 0; o < size; o++) {
        d[o] = state.xBest[base + o] - x[base + o];
        image2 += d[o] * d[o];
        const r = ((o % plane) / w) | 0;
        const q = o % w;
        if (inWin(r, q, vh, vw) || inWin(r, q, vh2, vw2)) windows2 += d[o] * d[o];
      }
      const target = Math.sqrt(Math.max(eps * eps - image2, 0) / c + windows2);
      const patch = new Float64Array(c * s * s);
      for (let ch = 0; ch < c; ch++) {
        const sign = randomSign(rng);
        let old2 = 0;
        for (let r = 0; r < s; r++)
          for (let q = 0; q < s; q++) old2 += d[ch * plane + (vh + r) * w + vw + q] ** 2;
        const oldNorm = Math.sqrt(old2) + 1e-12;
        let new2 = 0;
        for (let e = 0; e < s * s; e++) {
          const r = (e / s) | 0;
          const v = eta[e] * sign + d[ch * plane + (vh + r) * w + vw + (e % s)] / oldNorm;
          patch[ch * s * s + e] = v;
          new2 += v * v;
        }
        const scale = target / (1e-12 + Math.sqrt(new2));
        for (let e = 0; e < s * s; e++) patch[ch * s * s + e] *= scale;
      }
      for (let ch = 0; ch < c; ch++)
        for (let r = 0; r < s; r++) for (let q = 0; q < s; q++) d[ch * plane + (vh2 + r) * w + vw2 + q] = 0;
      for (let ch = 0; ch < c; ch++)
        for (let e = 0; e < s * s; e++)
          d[ch * plane + (vh + ((e / s) | 0)) * w + vw + (e % s)] = patch[ch * s * s + e];
      const dn = Float32Array.from(d);
      normalizeRows(dn, 1, size, "l2");
      for (let o = 0; o < size; o++) xNew[k * size + o] = Math.min(Math.max(x[base + o] + dn[o] * eps, 0), 1);
    });
    return xNew;
  });
}
