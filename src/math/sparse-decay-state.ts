import type { NormDecayParams, NormDecayStepResult } from "./norm-decay.js";

/** Bytes one stored entry takes: index (4), value (8), step it was set at (4). */
export const DECAY_ENTRY_BYTES = 16;

const POWER_TABLE_LIMIT = 1 << 16;

/**
 * Norm-decay momentum state `G` of one layer (DESIGN §2), kept sparse: only the entries that a
 * maximiser set at some step and that have not decayed to exactly 0 are stored, each as the value
 * it was set to and the step it was set at, so `G_i = value_i · μ^(step − setAt_i)`.
 *
 * Same semantics as {@link normDecayStep} on a dense `Float64Array`, at a cost of one copy of the
 * gradient (or one fill) plus O(support) per step instead of several dense passes, and memory
 * proportional to the support (`byteLength`) instead of the weight count: the maximiser's
 * row/column is a small part of a layer. The decayed entries hold `value·μ^age` (one rounding of
 * the power) rather than the dense loop's `age` successive roundings; both are within a few ulps
 * of the closed form. A step with another μ than the previous one first folds the old powers into
 * the values; μ = 0 drops everything.
 */
export class SparseDecayState {
  /** Number of weights of the layer (the dense length of `G`). */
  readonly length: number;
  private indices = new Int32Array(0);
  private values = new Float64Array(0);
  private setAt = new Uint32Array(0);
  private step = 0;
  private momentum = 0;
  private powers = Float64Array.of(1);

  constructor(length: number) {
    if (!(Number.isSafeInteger(length) && length >= 0))
      throw new RangeError(`SparseDecayState: length must be an integer ≥ 0, got ${length}`);
    this.length = length;
  }

  /** Stored entries (the support of `G`). */
  get size(): number {
    return this.indices.length;
  }

  /** Memory held by the entries. */
  get byteLength(): number {
    return this.indices.length * DECAY_ENTRY_BYTES;
  }

  /** Bytes the state may grow by in a step that sets `indices` (an upper bound; ascending indices). */
  growthFor(indices: Int32Array): number {
    let fresh = 0;
    let k = 0;
    for (let j = 0; j < indices.length; j++) {
      while (k < this.indices.length && this.indices[k] < indices[j]) k++;
      if (k >= this.indices.length || this.indices[k] !== indices[j]) fresh++;
    }
    return fresh * DECAY_ENTRY_BYTES;
  }

  /** `G` as a dense array (for tests and inspection). */
  toDense(): Float64Array {
    const g = new Float64Array(this.length);
    for (let k = 0; k < this.indices.length; k++) g[this.indices[k]] = this.valueAt(k);
    return g;
  }

  /**
   * One norm-decay step, as {@link normDecayStep}: `G ← μ·G`, `G[indices[k]] := subgradient[k]`,
   * then `β·G` (or `∇W + β·G` with `gradient`) is written over all of `out`. `out` may be
   * `gradient` itself: it is then updated in place in O(support). `indices` must be ascending and
   * distinct (as `layerMaximiserWeights` returns them).
   * @throws RangeError for bad parameters, sizes or indices (nothing is changed then).
   */
  stepDecay(
    indices: Int32Array,
    subgradient: Float64Array,
    params: NormDecayParams,
    out: Float32Array | Float64Array,
    gradient?: Float32Array | Float64Array,
  ): NormDecayStepResult {
    const { beta, momentum } = params;
    const n = this.length;
    if (!Number.isFinite(beta)) throw new RangeError(`SparseDecayState: beta must be finite, got ${beta}`);
    if (!(momentum >= 0 && momentum <= 1))
      throw new RangeError(`SparseDecayState: momentum must be in [0, 1], got ${momentum}`);
    if (subgradient.length !== indices.length)
      throw new RangeError(
        `SparseDecayState: ${subgradient.length} subgradient entries for ${indices.length} indices`,
      );
    if (out.length !== n)
      throw new RangeError(`SparseDecayState: out has ${out.length} entries, expected ${n}`);
    if (gradient !== undefined && gradient.length !== n)
      throw new RangeError(`SparseDecayState: gradient has ${gradient.length} entries, expected ${n}`);
    for (let k = 0; k < indices.length; k++)
      if (!(indices[k] >= 0 && indices[k] < n && (k === 0 || indices[k] > indices[k - 1])))
        throw new RangeError(
          `SparseDecayState: indices must be ascending in [0, ${n}), got ${indices[k]} at ${k}`,
        );

    if (momentum === 0) this.clear();
    else if (momentum !== this.momentum) this.rebase(momentum);
    this.step++;
    this.merge(indices, subgradient);

    // `out` may be the gradient itself (updated in place: no copy at all).
    if (gradient === undefined) out.fill(0);
    else if (out !== gradient) out.set(gradient);
    for (let k = 0; k < this.indices.length; k++) {
      const i = this.indices[k];
      out[i] = (gradient === undefined ? 0 : gradient[i]) + beta * this.valueAt(k);
    }
    return { decay: out, decayIsZero: beta === 0 || this.indices.length === 0 };
  }

  private valueAt(k: number): number {
    return this.values[k] * this.power(this.step - this.setAt[k]);
  }

  private power(age: number): number {
    if (age < this.powers.length) return this.powers[age];
    if (age >= POWER_TABLE_LIMIT) return this.momentum ** age;
    const table = new Float64Array(Math.min(POWER_TABLE_LIMIT, Math.max(2 * age, 64)));
    table[0] = 1;
    for (let a = 1; a < table.length; a++) table[a] = this.momentum ** a;
    this.powers = table;
    return table[age];
  }

  private clear(): void {
    this.indices = new Int32Array(0);
    this.values = new Float64Array(0);
    this.setAt = new Uint32Array(0);
  }

  /** Folds the powers of the old μ into the values, so that every entry's age restarts at 0. */
  private rebase(momentum: number): void {
    for (let k = 0; k < this.indices.length; k++) {
      this.values[k] = this.valueAt(k);
      this.setAt[k] = this.step;
    }
    this.momentum = momentum;
    this.powers = Float64Array.of(1);
  }

  /** Sorted merge: the maximiser's entries are overwritten; entries that are (or decayed to) 0 go. */
  private merge(indices: Int32Array, subgradient: Float64Array): void {
    const capacity = this.indices.length + indices.length;
    const nextIndices = new Int32Array(capacity);
    const nextValues = new Float64Array(capacity);
    const nextSetAt = new Uint32Array(capacity);
    let size = 0;
    let k = 0;
    const keepOld = (upTo: number) => {
      for (; k < this.indices.length && this.indices[k] < upTo; k++) {
        if (this.valueAt(k) === 0) continue;
        nextIndices[size] = this.indices[k];
        nextValues[size] = this.values[k];
        nextSetAt[size++] = this.setAt[k];
      }
    };
    for (let j = 0; j < indices.length; j++) {
      keepOld(indices[j]);
      if (k < this.indices.length && this.indices[k] === indices[j]) k++;
      if (subgradient[j] === 0) continue;
      nextIndices[size] = indices[j];
      nextValues[size] = subgradient[j];
      nextSetAt[size++] = this.step;
    }
    keepOld(Number.POSITIVE_INFINITY);
    this.indices = nextIndices.slice(0, size);
    this.values = nextValues.slice(0, size);
    this.setAt = nextSetAt.slice(0, size);
  }
}
