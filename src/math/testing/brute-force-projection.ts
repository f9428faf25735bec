/**
 * Test-only L1-ball projection by bisection on the soft threshold θ (Σ max(|v|−θ, 0) is
 * monotone in θ), 200 halvings. Independent of the sort-based implementation. @internal
 */
export function bisectionL1Projection(v: ArrayLike<number>, radius: number): Float64Array {
  const a = Float64Array.from(v);
  if (a.reduce((s, x) => s + Math.abs(x), 0) <= radius) return a;
  let lo = 0;
  let hi = a.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (a.reduce((s, x) => s + Math.max(Math.abs(x) - mid, 0), 0) > radius) lo = mid;
    else hi = mid;
  }
  return a.map((x) => Math.sign(x) * Math.max(Math.abs(x) - hi, 0));
}

/**
 * Test-only brute-force QP `min ½‖x − w‖² s.t. Σ_{i∈line}|x_i| ≤ r for every line` (`radius`
 * one number, or one per line): Dykstra's
 * algorithm over every given line (e.g. every row or column of a dense conv matrix, with no
 * tap-set reasoning) with {@link bisectionL1Projection}, run until no entry moves by 1e-15
 * (at most 20 000 sweeps). @internal
 */
export function bruteForceBallProjection(
  w: ArrayLike<number>,
  lines: readonly (readonly number[])[],
  radius: number | readonly number[],
): Float64Array {
  const x = Float64Array.from(w);
  const radii = lines.map((_, k) => (typeof radius === "number" ? radius : radius[k]));
  const activeRadii = radii.filter((_, k) => lines[k].length > 0);
  const active = lines.filter((l) => l.length > 0);
  const increments = active.map((l) => new Float64Array(l.length));
  for (let sweep = 0; sweep < 20000; sweep++) {
    let moved = 0;
    active.forEach((line, k) => {
      const y = Float64Array.from(line, (i, j) => x[i] + increments[k][j]);
      const z = bisectionL1Projection(y, activeRadii[k]);
      line.forEach((i, j) => {
        increments[k][j] = y[j] - z[j];
        moved = Math.max(moved, Math.abs(z[j] - x[i]));
        x[i] = z[j];
      });
    });
    if (moved < 1e-15) break;
  }
  return x;
}

/** Largest absolute entry-wise difference. @internal */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
