import { SparseDecayState } from "../math/sparse-decay-state.js";
import type { DecaySession } from "../norms/decay-session-store.js";

/** One layer's `G` as stored in a checkpoint: its non-zero entries. */
export interface SavedDecayState {
  readonly key: string;
  readonly length: number;
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/**
 * The norm-decay state `G` of a training job: a {@link DecaySession} private to the job (no TTL,
 * no caps — the job's own layers bound it), saved to and restored from checkpoints.
 */
export class TrainDecaySession implements DecaySession {
  readonly id = "train";
  private readonly states = new Map<string, SparseDecayState>();

  /** The layer's state, created empty on first use. */
  stateFor(nodeName: string, weightName: string, length: number): SparseDecayState {
    const key = `${nodeName}\u0000${weightName}`;
    let state = this.states.get(key);
    if (state === undefined || state.length !== length) {
      state = new SparseDecayState(length);
      this.states.set(key, state);
    }
    return state;
  }

  /** Every layer's `G` (non-zero entries) for a checkpoint. */
  save(): SavedDecayState[] {
    return [...this.states].map(([key, state]) => {
      const dense = state.toDense();
      const nz: number[] = [];
      for (let i = 0; i < dense.length; i++) if (dense[i] !== 0) nz.push(i);
      return {
        key,
        length: state.length,
        indices: Int32Array.from(nz),
        values: Float64Array.from(nz, (i) => dense[i]),
      };
    });
  }

  /**
   * Restores saved states: one `stepDecay` with β = 0 from an empty state sets `G` to the saved
   * entries exactly (`G ← μ·0`, then `G[i] := saved`), with `momentum` the run's μ.
   */
  restore(saved: readonly SavedDecayState[], momentum: number): void {
    this.states.clear();
    for (const s of saved) {
      const state = new SparseDecayState(s.length);
      if (s.indices.length > 0)
        state.stepDecay(s.indices, s.values, { beta: 0, momentum }, new Float64Array(s.length));
      this.states.set(s.key, state);
    }
  }
}
