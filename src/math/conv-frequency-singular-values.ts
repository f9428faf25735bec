import { complexSvd } from "./complex-svd.js";
import type { CircularConvPlan } from "./conv-circular-plan.js";
import { formFrequencyBlock } from "./conv-frequency-blocks.js";

/**
 * All singular values of `P(ω)` for each frequency position in `items` (indices into
 * `plan.freqIndex`) and group, by one-sided Jacobi on A(ω) (relative accuracy for the small
 * ones too): result `[(item·groups + g)·m + k]`, descending in k.
 */
export function frequencySingularValues(plan: CircularConvPlan, items: ArrayLike<number>): Float64Array {
  const { m, M, groups } = plan;
  const out = new Float64Array(items.length * groups * m);
  const ar = new Float64Array(m * M);
  const ai = new Float64Array(m * M);
  for (let s = 0; s < items.length; s++) {
    const f = plan.freqIndex[items[s]];
    const u = Math.floor(f / plan.gridW);
    const v = f % plan.gridW;
    for (let g = 0; g < groups; g++) {
      formFrequencyBlock(plan, g, u / plan.gridH, v / plan.gridW, ar, ai);
      out.set(complexSvd(ar, ai, m, M).values, (s * groups + g) * m);
    }
  }
  return out;
}
