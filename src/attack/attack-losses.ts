import type { AttackLoss } from "./model-oracle.js";

/** Per-example softmax cross-entropy and its logit gradient (softmax − one-hot). */
export const crossEntropyLoss: AttackLoss = (logits, y, classes) => {
  const n = y.length;
  const loss = new Float32Array(n);
  const dLogits = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) {
    const o = i * classes;
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, logits[o + k]);
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += Math.exp(logits[o + k] - max);
    loss[i] = Math.log(sum) + max - logits[o + y[i]];
    for (let k = 0; k < classes; k++) dLogits[o + k] = Math.exp(logits[o + k] - max) / sum;
    dLogits[o + y[i]] -= 1;
  }
  return { loss, dLogits };
};

/** Indices of a row's logits in descending order. @internal */
export function descendingOrder(logits: Float32Array, offset: number, classes: number): number[] {
  const idx = Array.from({ length: classes }, (_, k) => k);
  return idx.sort((a, b) => logits[offset + b] - logits[offset + a] || a - b);
}

/**
 * DLR loss (Croce & Hein 2020): −(z_y − max_{i≠y} z_i) / (z_π1 − z_π3 + 1e-12), π the descending
 * order of the logits. Needs ≥ 3 classes.
 */
export const dlrLoss: AttackLoss = (logits, y, classes) => {
  const n = y.length;
  const loss = new Float32Array(n);
  const dLogits = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) {
    const o = i * classes;
    const pi = descendingOrder(logits, o, classes);
    const other = pi[0] === y[i] ? pi[1] : pi[0];
    fillRatio(logits, dLogits, loss, i, o, y[i], other, [pi[0]], [pi[2]], 1);
  }
  return { loss, dLogits };
};

/**
 * Targeted DLR loss for targets `t`: −(z_y − z_t) / (z_π1 − ½(z_π3 + z_π4) + 1e-12). Needs ≥ 4 classes.
 */
export function targetedDlrLoss(targets: Int32Array): AttackLoss {
  return (logits, y, classes) => {
    const n = y.length;
    const loss = new Float32Array(n);
    const dLogits = new Float32Array(n * classes);
    for (let i = 0; i < n; i++) {
      const o = i * classes;
      const pi = descendingOrder(logits, o, classes);
      fillRatio(logits, dLogits, loss, i, o, y[i], targets[i], [pi[0]], [pi[2], pi[3]], 0.5);
    }
    return { loss, dLogits };
  };
}

/** loss = −(z_a − z_b) / D with D = Σ z_plus − w·Σ z_minus + 1e-12, and its gradient. */
function fillRatio(
  z: Float32Array,
  d: Float32Array,
  loss: Float32Array,
  i: number,
  o: number,
  a: number,
  b: number,
  plus: readonly number[],
  minus: readonly number[],
  w: number,
): void {
  let den = 1e-12;
  for (const p of plus) den += z[o + p];
  for (const m of minus) den -= w * z[o + m];
  const num = z[o + a] - z[o + b];
  loss[i] = -num / den;
  d[o + a] += -1 / den;
  d[o + b] += 1 / den;
  const dDen = num / (den * den);
  for (const p of plus) d[o + p] += dDen;
  for (const m of minus) d[o + m] -= w * dDen;
}

/** Margin z_y − max_{j≠y} z_j of each row (≤ 0: misclassified, Square's success rule). */
export function margins(logits: Float32Array, y: Int32Array, classes: number): Float32Array {
  const out = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const o = i * classes;
    let other = -Infinity;
    for (let k = 0; k < classes; k++) if (k !== y[i]) other = Math.max(other, logits[o + k]);
    out[i] = logits[o + y[i]] - other;
  }
  return out;
}

/** Arg-max prediction of each row (first maximum on ties). */
export function predictions(logits: Float32Array, classes: number): Int32Array {
  const n = logits.length / classes;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (logits[i * classes + k] > logits[i * classes + best]) best = k;
    out[i] = best;
  }
  return out;
}
