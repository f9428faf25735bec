import type { SeededRandom } from "../data/seeded-random.js";

/** Python's round (half to even), which the published code uses for the window side. */
export function pyRound(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Square's p schedule (fra31/auto-attack `p_selection`, not rescaled to n_queries): p_init divided
 * by 1, 2, 4, …, 512 after iterations 10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000.
 */
export function squareP(pInit: number, it: number): number {
  const bounds = [10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000];
  let div = 1;
  for (const b of bounds) if (it > b) div *= 2;
  return pInit / div;
}

/** A uniform integer in [low, high) the way AA draws it: ⌊low + (high − low)·u⌋ (low when high ≤ low). */
export function randomInt(rng: SeededRandom, low: number, high: number): number {
  return Math.floor(low + (high - low) * rng.next());
}

/** ±1 with equal probability. */
export function randomSign(rng: SeededRandom): number {
  return 2 * rng.next() - 1 >= 0 ? 1 : -1;
}

/** Nested rectangles weighted 1/(k+1)², unit L2 norm (AA `eta_rectangles`), rows × cols. */
export function etaRectangles(rows: number, cols: number): Float64Array {
  const d = new Float64Array(rows * cols);
  const xc = Math.floor(rows / 2) + 1;
  const yc = Math.floor(cols / 2) + 1;
  let c0 = xc - 1;
  let c1 = yc - 1;
  for (let k = 0; k < Math.max(xc, yc); k++) {
    const w = 1 / (k + 1) ** 2;
    for (let r = Math.max(c0, 0); r < Math.min(c0 + 2 * k + 1, rows); r++)
      for (let c = Math.max(0, c1); c < Math.min(c1 + 2 * k + 1, cols); c++) d[r * cols + c] += w;
    c0--;
    c1--;
  }
  return unit(d);
}

/**
 * Two nested-rectangle halves of opposite sign, unit norm, transposed with probability ½
 * (AA `meta_pseudo_gaussian_pert`), s × s.
 */
export function pseudoGaussianPattern(s: number, rng: SeededRandom): Float64Array {
  const half = Math.floor(s / 2);
  const d = new Float64Array(s * s);
  const top = etaRectangles(half, s);
  const bottom = etaRectangles(s - half, s);
  d.set(top, 0);
  for (let j = 0; j < bottom.length; j++) d[half * s + j] = -bottom[j];
  const out = unit(d);
  if (rng.next() > 0.5) {
    const t = new Float64Array(s * s);
    for (let r = 0; r < s; r++) for (let c = 0; c < s; c++) t[c * s + r] = out[r * s + c];
    return t;
  }
  return out;
}

function unit(d: Float64Array): Float64Array {
  let s = 0;
  for (const v of d) s += v * v;
  const norm = Math.sqrt(s);
  if (norm > 0) for (let j = 0; j < d.length; j++) d[j] /= norm;
  return d;
}
