/** Strength and momentum of norm decay (DESIGN §2). */
export interface NormDecayParams {
  /** β: the decay term is `β·G`. Finite. */
  readonly beta: number;
  /** μ: `G ← μ·G` before the maximiser's entries are set. Finite, in [0, 1]. */
  readonly momentum: number;
}

/** Output of one {@link normDecayStep}. */
export interface NormDecayStepResult {
  /** `β·G`, or `∇W + β·G` when a gradient was given: `out` when given, else a new Float64Array. */
  readonly decay: Float32Array | Float64Array;
  /** True when `β·G` is identically zero (β = 0 or G = 0): the layer's decay can be skipped. */
  readonly decayIsZero: boolean;
}

/**
 * `sign(W)` on `indices` times `factor` (the subgradient of `factor·Σ_{indices}|W|`), as a dense
 * list aligned with `indices`. Convention: `sign(0) = 0` (also for −0), a valid subgradient of
 * `|·|` at 0, so zero weights of the maximiser get no decay and `G`'s non-zeros are exactly
 * the maximiser's non-zero weights.
 */
export function signSubgradient(weight: ArrayLike<number>, indices: Int32Array, factor = 1): Float64Array {
  const g = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const w = weight[indices[k]];
    g[k] = w > 0 ? factor : w < 0 ? -factor : 0;
  }
  return g;
}

/**
 * The batch-norm subgradient `sign(γ_c)/√(σ²_c+ε)` of `max_c |γ_c|/√(σ²_c+ε)` at the maximiser
 * channel `c` (w.r.t. γ), as a one-element list; `sign(0) = 0`.
 */
export function batchNormSubgradient(
  scale: ArrayLike<number>,
  variance: ArrayLike<number>,
  epsilon: number,
  channel: number,
): Float64Array {
  const gamma = scale[channel];
  const sign = gamma > 0 ? 1 : gamma < 0 ? -1 : 0;
  return Float64Array.of(sign / Math.sqrt(variance[channel] + epsilon));
}

function isAllZero(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) return false;
  return true;
}

/**
 * One norm-decay step (DESIGN §2) on caller-owned state `G` (updated in place):
 *   1. `G ← μ·G`;
 *   2. `G[indices[k]] := subgradient[k]` (overwritten, not added: the maximiser's entries hold
 *      the current subgradient, every other entry decays geometrically);
 *   3. returns `β·G`, or `∇W + β·G` when `gradient` is given, written into `out` when given
 *      (e.g. a view of the response buffer, float32 or float64) or into a new Float64Array.
 * So if the maximiser's set `S` and the signs on it stay the same for k steps from state `G₀`,
 * `G_k = subgradient` on `S` and `μ^k·G₀` elsewhere; in general an entry last set at step t
 * holds `μ^(k−t)·(its subgradient then)`. With μ = 0 (stateless use) `G` is the subgradient.
 */
export function normDecayStep(
  state: Float64Array,
  indices: Int32Array,
  subgradient: Float64Array,
  params: NormDecayParams,
  gradient?: Float32Array | Float64Array,
  out?: Float32Array | Float64Array,
): NormDecayStepResult {
  const { beta, momentum } = params;
  if (!Number.isFinite(beta)) throw new RangeError(`normDecayStep: beta must be finite, got ${beta}`);
  if (!(momentum >= 0 && momentum <= 1))
    throw new RangeError(`normDecayStep: momentum must be in [0, 1], got ${momentum}`);
  if (subgradient.length !== indices.length)
    throw new RangeError(
      `normDecayStep: subgradient has ${subgradient.length} entries, indices ${indices.length}`,
    );
  if (gradient !== undefined && gradient.length !== state.length)
    throw new RangeError(
      `normDecayStep: gradient has ${gradient.length} entries, expected ${state.length} (the weight's size)`,
    );
  const n = state.length;
  for (let k = 0; k < indices.length; k++)
    if (!(indices[k] >= 0 && indices[k] < n))
      throw new RangeError(`normDecayStep: index ${indices[k]} outside [0, ${n})`);
  if (out !== undefined && out.length !== n)
    throw new RangeError(`normDecayStep: out has ${out.length} entries, expected ${n}`);
  // One fused pass (μ·G, then β·G or ∇W + β·G), then the maximiser's entries are patched.
  const decay = out ?? new Float64Array(n);
  let decayedNonzero = false;
  if (momentum === 0) {
    state.fill(0);
    if (gradient !== undefined) decay.set(gradient);
    else if (out !== undefined) decay.fill(0);
  } else if (gradient === undefined) {
    for (let i = 0; i < n; i++) {
      const g = state[i] * momentum;
      state[i] = g;
      decay[i] = beta * g;
      if (g !== 0) decayedNonzero = true;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const g = state[i] * momentum;
      state[i] = g;
      decay[i] = gradient[i] + beta * g;
      if (g !== 0) decayedNonzero = true;
    }
  }
  let setNonzero = false;
  for (let k = 0; k < indices.length; k++) {
    const idx = indices[k];
    const g = subgradient[k];
    state[idx] = g;
    decay[idx] = gradient === undefined ? beta * g : gradient[idx] + beta * g;
    if (g !== 0) setNonzero = true;
  }
  // A decayed entry may since have been overwritten with 0: rescan only in that rare case.
  const decayIsZero = beta === 0 || (!setNonzero && (!decayedNonzero || isAllZero(state)));
  return { decay, decayIsZero };
}
