/** The threat model's norm. */
export type ThreatNormName = "linf" | "l2";

/** Per-example L2 norm of `d` (examples of `size` values). */
export function l2Norms(d: Float32Array, n: number, size: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i * size; j < (i + 1) * size; j++) s += d[j] * d[j];
    out[i] = Math.sqrt(s);
  }
  return out;
}

/** Per-example L∞ norm of `d`. */
export function linfNorms(d: Float32Array, n: number, size: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = i * size; j < (i + 1) * size; j++) m = Math.max(m, Math.abs(d[j]));
    out[i] = m;
  }
  return out;
}

/**
 * Scales each example of `t` in place to unit norm (t / (‖t‖ + 1e-12), AutoAttack's `normalize`).
 */
export function normalizeRows(t: Float32Array, n: number, size: number, norm: ThreatNormName): void {
  const norms = norm === "linf" ? linfNorms(t, n, size) : l2Norms(t, n, size);
  for (let i = 0; i < n; i++) {
    const s = 1 / (norms[i] + 1e-12);
    for (let j = i * size; j < (i + 1) * size; j++) t[j] *= s;
  }
}

/**
 * Projects `adv` in place onto the ε-ball around `x` and then onto [0, 1]. L∞: clamp to
 * [x − ε, x + ε]; L2: rescale δ to ‖δ‖₂ ≤ ε (δ·min(ε, ‖δ‖)/(‖δ‖ + 1e-12), as AutoAttack).
 */
export function projectToBall(
  adv: Float32Array,
  x: Float32Array,
  n: number,
  size: number,
  eps: number,
  norm: ThreatNormName,
): void {
  if (norm === "linf") {
    for (let j = 0; j < n * size; j++) {
      const v = Math.min(Math.max(adv[j], x[j] - eps), x[j] + eps);
      adv[j] = Math.min(Math.max(v, 0), 1);
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i * size; j < (i + 1) * size; j++) s += (adv[j] - x[j]) ** 2;
    const norm2 = Math.sqrt(s);
    const scale = Math.min(eps, norm2) / (norm2 + 1e-12);
    for (let j = i * size; j < (i + 1) * size; j++) {
      adv[j] = Math.min(Math.max(x[j] + (adv[j] - x[j]) * scale, 0), 1);
    }
  }
}

/** Copies rows `idx` (examples of `size` values) of `src` into a new array. */
export function gatherRows(src: Float32Array, idx: readonly number[], size: number): Float32Array {
  const out = new Float32Array(idx.length * size);
  idx.forEach((r, k) => {
    out.set(src.subarray(r * size, (r + 1) * size), k * size);
  });
  return out;
}

/** Writes row k of `rows` to row idx[k] of `dst`. */
export function scatterRows(
  dst: Float32Array,
  rows: Float32Array,
  idx: readonly number[],
  size: number,
): void {
  idx.forEach((r, k) => {
    dst.set(rows.subarray(k * size, (k + 1) * size), r * size);
  });
}

/** Labels of rows `idx`. */
export function gatherLabels(y: Int32Array, idx: readonly number[]): Int32Array {
  return Int32Array.from(idx, (r) => y[r]);
}
