import type { CircularConvPlan } from "../conv-circular-plan.js";
import { frequencyGramBound, type GramBoundShared } from "../conv-frequency-gram-bound.js";
import { frequencySigmaMax, type SigmaShared } from "../conv-frequency-sigma.js";
import { frequencySingularValues } from "../conv-frequency-singular-values.js";
import { gramLagPartial } from "../conv-gram-lags.js";
import { type ClipPartial, type ClipShared, frequencyClip } from "../svc-frequency-clip.js";

/**
 * The per-frequency computations that can run on worker threads: each is a pure function of
 * (shared data, a chunk of item indices), identical whether run inline or in a worker.
 */
export interface FrequencyTaskTypes {
  sigmaMax: { shared: SigmaShared; result: Float64Array };
  lagPartial: { shared: CircularConvPlan; result: Float64Array };
  singularValues: { shared: CircularConvPlan; result: Float64Array };
  clip: { shared: ClipShared; result: ClipPartial };
  gramBound: { shared: GramBoundShared; result: Float64Array };
  /** Does nothing: used to start and warm up workers. */
  noop: { shared: null; result: Int32Array };
}

/** Name of a task in {@link FrequencyTaskTypes}. */
export type FrequencyTaskName = keyof FrequencyTaskTypes;

/** Runs task `name` on one chunk of items, in the calling thread. */
export function runFrequencyTask<K extends FrequencyTaskName>(
  name: K,
  shared: FrequencyTaskTypes[K]["shared"],
  items: Int32Array,
): FrequencyTaskTypes[K]["result"] {
  type R = FrequencyTaskTypes[K]["result"];
  switch (name) {
    case "sigmaMax":
      return frequencySigmaMax(shared as SigmaShared, items) as R;
    case "lagPartial":
      return gramLagPartial(shared as CircularConvPlan, items) as R;
    case "singularValues":
      return frequencySingularValues(shared as CircularConvPlan, items) as R;
    case "clip":
      return frequencyClip(shared as ClipShared, items) as R;
    case "gramBound":
      return frequencyGramBound(shared as GramBoundShared, items) as R;
    case "noop":
      return items.slice() as R;
    default:
      throw new Error(`unknown frequency task ${String(name)}`);
  }
}
