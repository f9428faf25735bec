import type { ConvTapBlocks } from "./abs-sum-constraint-sets.js";
import { projectIndicesOntoL1Ball } from "./l1-ball-projection.js";

/** Result of {@link projectTapBlocks}. */
export interface TapBlockProjectionResult {
  /** The most dual sweeps any block took (0 when every block was inside the ball). */
  readonly sweeps: number;
  /** Every block met the tolerance within `maxSweeps`. */
  readonly converged: boolean;
}

/** One tap's magnitudes in a block, sorted descending, with prefix sums. */
interface TapColumn {
  readonly sorted: Float64Array;
  /** prefix[m] = Σ of the m largest. */
  readonly prefix: Float64Array;
}

function tapColumn(magnitudes: Float64Array): TapColumn {
  const sorted = magnitudes.sort().reverse();
  const prefix = new Float64Array(sorted.length + 1);
  for (let i = 0; i < sorted.length; i++) prefix[i + 1] = prefix[i] + sorted[i];
  return { sorted, prefix };
}

/** How many entries exceed θ (binary search on the descending array). */
function countAbove(col: TapColumn, theta: number): number {
  let lo = 0;
  let hi = col.sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (col.sorted[mid] > theta) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Σ max(|w| − θ, 0) over one tap's magnitudes. */
function shrunkSum(col: TapColumn, theta: number): number {
  const m = countAbove(col, theta);
  return col.prefix[m] - m * theta;
}

/**
 * Solves `Σ_{t∈set} Σ max(|w| − (base_t + λ), 0) = r` for λ ≥ 0 (λ = 0 when the left side is ≤ r
 * at 0). The left side is convex, decreasing and piecewise linear in λ, so Newton's method from
 * a point left of the root stays left of it and ends on the root's piece after finitely many steps.
 */
function solveMultiplier(
  cols: readonly TapColumn[],
  set: Int32Array,
  base: Float64Array,
  radius: number,
  warm: number,
): number {
  const phi = (lambda: number): { value: number; slope: number } => {
    let value = 0;
    let slope = 0;
    for (const t of set) {
      const theta = base[t] + lambda;
      const m = countAbove(cols[t], theta);
      value += cols[t].prefix[m] - m * theta;
      slope += m;
    }
    return { value, slope };
  };
  if (phi(0).value <= radius) return 0;
  let lambda = warm > 0 && phi(warm).value >= radius ? warm : 0;
  for (let step = 0; step < 200; step++) {
    const { value, slope } = phi(lambda);
    const excess = value - radius;
    if (excess <= 0 || slope === 0) break;
    const move = excess / slope;
    if (move <= lambda * Number.EPSILON) break;
    lambda += move;
  }
  return lambda;
}

/**
 * Euclidean projection onto a conv's ball when its constraint sets overlap (convs on inputs
 * smaller than the kernel extent, or padding that makes boundary tap sets overlap), in place.
 *
 * Within a block the KKT conditions give `x = sign(w)·max(|w| − θ_t, 0)` with one threshold per
 * tap, `θ_t = Σ_{k: t∈T_k} λ_k`, so the problem reduces to the concave dual over the few
 * multipliers λ_k ≥ 0 (one per constraint tap set). It is solved by exact coordinate ascent
 * (each λ_k from its piecewise-linear equation by Newton's method, warm-started), on per-tap sorted magnitudes, until every
 * constraint is within `tolerance·r` of tight-or-inactive or `maxSweeps` is reached. A final
 * shrink-only pass projects any set still above r (rounding or no convergence) onto its L1 ball,
 * so the result is always inside the ball; when converged it is the projection up to tolerance.
 */
export function projectTapBlocks(
  x: Float64Array,
  structure: ConvTapBlocks,
  radius: number,
  maxSweeps: number,
  tolerance: number,
): TapBlockProjectionResult {
  const { blocks, rowsPerBlock, tapSets, index } = structure;
  const tapsUsed = [...new Set(tapSets.flatMap((s) => Array.from(s)))];
  const maxTap = Math.max(-1, ...tapsUsed);
  // Which constraints contain each tap: θ_t is recomputed from the λ's (no drift from updates).
  const setsOfTap: number[][] = Array.from({ length: maxTap + 1 }, () => []);
  tapSets.forEach((set, k) => {
    for (const t of set) setsOfTap[t].push(k);
  });
  let sweepsMax = 0;
  let converged = true;
  const column = new Float64Array(rowsPerBlock);
  for (let b = 0; b < blocks; b++) {
    const cols: TapColumn[] = new Array(maxTap + 1);
    for (const t of tapsUsed) {
      for (let r = 0; r < rowsPerBlock; r++) column[r] = Math.abs(x[index(b, r, t)]);
      cols[t] = tapColumn(Float64Array.from(column));
    }
    const total = (set: Int32Array, theta: Float64Array) =>
      set.reduce((s, t) => s + shrunkSum(cols[t], theta[t]), 0);
    const theta = new Float64Array(maxTap + 1);
    if (tapSets.every((s) => total(s, theta) <= radius)) continue;
    const lambda = new Float64Array(tapSets.length);
    const base = new Float64Array(maxTap + 1);
    let sweeps = 0;
    let done = false;
    while (sweeps < maxSweeps && !done) {
      sweeps++;
      tapSets.forEach((set, k) => {
        for (const t of set) base[t] = setsOfTap[t].reduce((s, j) => (j === k ? s : s + lambda[j]), 0);
        lambda[k] = solveMultiplier(cols, set, base, radius, lambda[k]);
        for (const t of set) theta[t] = base[t] + lambda[k];
      });
      done = tapSets.every((set, k) => {
        const c = total(set, theta);
        return c <= radius * (1 + tolerance) && (lambda[k] === 0 || c >= radius * (1 - tolerance));
      });
    }
    sweepsMax = Math.max(sweepsMax, sweeps);
    converged &&= done;
    for (const t of tapsUsed)
      for (let r = 0; r < rowsPerBlock; r++) {
        const i = index(b, r, t);
        const m = Math.abs(x[i]) - theta[t];
        x[i] = m > 0 ? Math.sign(x[i]) * m : 0;
      }
    for (const set of tapSets) {
      const indices = new Int32Array(set.length * rowsPerBlock);
      set.forEach((t, j) => {
        for (let r = 0; r < rowsPerBlock; r++) indices[j * rowsPerBlock + r] = index(b, r, t);
      });
      projectIndicesOntoL1Ball(x, indices, radius);
    }
  }
  return { sweeps: sweepsMax, converged };
}
