/**
 * Soft-threshold `θ ≥ 0` of the Euclidean projection onto the L1 ball of radius `radius`:
 * the projection is `sign(v)·max(|v| − θ, 0)`. Sort-based (Duchi, Shalev-Shwartz, Singer and
 * Chandra, ICML 2008), O(n log n). Returns 0 when `Σ|v| ≤ radius` (the point is inside).
 *
 * In float64 the threshold is then raised by the few ulps needed for the computed abs sum of
 * the result to be ≤ `radius`, so the result never leaves the ball through rounding.
 */
export function l1BallThreshold(v: ArrayLike<number>, radius: number): number {
  if (!(radius >= 0) || !Number.isFinite(radius))
    throw new RangeError(`l1BallThreshold: radius must be a finite number ≥ 0, got ${radius}`);
  const n = v.length;
  const u = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    u[i] = Math.abs(v[i]);
    total += u[i];
  }
  if (total <= radius) return 0;
  u.sort(); // ascending; walk from the largest
  // j = 1 always qualifies (u_max > u_max − r for r > 0; r = 0 gives θ = u_max, all zero).
  let cum = u[n - 1];
  let theta = cum - radius;
  for (let j = 2; j <= n; j++) {
    const uj = u[n - j];
    cum += uj;
    const t = (cum - radius) / j;
    // The condition holds exactly for j = 1..ρ; the last j that holds gives θ.
    if (uj > t) theta = t;
    else break;
  }
  return raiseUntilInside(u, theta, radius);
}

/** Abs sum of the soft-thresholded magnitudes and how many stay positive. */
function shrunkSum(u: Float64Array, theta: number): { sum: number; positive: number } {
  let sum = 0;
  let positive = 0;
  for (let i = u.length - 1; i >= 0; i--) {
    const d = u[i] - theta;
    if (d <= 0) break; // u ascending
    sum += d;
    positive++;
  }
  return { sum, positive };
}

function raiseUntilInside(u: Float64Array, theta0: number, radius: number): number {
  let theta = theta0;
  for (let step = 0; step < 64; step++) {
    const { sum, positive } = shrunkSum(u, theta);
    if (sum <= radius || positive === 0) return theta;
    const ulp = Math.max(Math.abs(theta) * Number.EPSILON, Number.MIN_VALUE);
    theta += Math.max((sum - radius) / positive, ulp * 2 ** step);
  }
  return theta;
}

/**
 * Euclidean projection of `v` onto `{x : Σ|x_i| ≤ radius}` as a new array (exact up to float64
 * rounding; the result's computed abs sum is ≤ `radius`). A point already inside is copied.
 */
export function projectOntoL1Ball(v: ArrayLike<number>, radius: number): Float64Array {
  const theta = l1BallThreshold(v, radius);
  const x = Float64Array.from(v);
  if (theta === 0) return x;
  for (let i = 0; i < x.length; i++) {
    const m = Math.abs(x[i]) - theta;
    x[i] = m > 0 ? Math.sign(x[i]) * m : 0;
  }
  return x;
}

/**
 * Projects the sub-vector `x[indices]` onto the L1 ball of radius `radius`, in place, leaving
 * every other entry alone. Returns whether anything changed. The projection only shrinks
 * magnitudes (`|x_i|` never grows), so any other abs sum over `x` can only decrease.
 */
export function projectIndicesOntoL1Ball(x: Float64Array, indices: Int32Array, radius: number): boolean {
  const v = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) v[k] = x[indices[k]];
  const theta = l1BallThreshold(v, radius);
  if (theta === 0) return false;
  for (let k = 0; k < indices.length; k++) {
    const m = Math.abs(v[k]) - theta;
    x[indices[k]] = m > 0 ? Math.sign(v[k]) * m : 0;
  }
  return true;
}
