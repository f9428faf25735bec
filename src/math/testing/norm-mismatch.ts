import type { NormResult } from "../norm-result.js";
import { flatIndexOf } from "./dense-abs-sums.js";

/**
 * Checks a computed norm against brute-force sums (channel-major, row-major over `spatial`):
 * the value within relative `tolerance` of the max, the maximiser attaining it, and the tie rule
 * (no earlier element, in channel then row-major order, attains it). With `tolerance = 0` every
 * comparison is exact (integer kernels, where ties are exact). Returns a description of the
 * first violation, or undefined; `label` (the configuration) prefixes it.
 * @internal
 */
export function normMismatch(
  label: string,
  got: NormResult | undefined,
  sums: Float64Array,
  spatial: readonly number[],
  tolerance: number,
): string | undefined {
  if (!got) return `${label}: no result`;
  let max = 0;
  for (const s of sums) max = Math.max(max, s);
  const slack = tolerance * max;
  if (Math.abs(got.value - max) > slack) return `${label}: value ${got.value}, brute force ${max}`;
  if (got.position.length !== spatial.length)
    return `${label}: position [${got.position}] has the wrong rank`;
  if (got.position.some((p, a) => !Number.isInteger(p) || p < 0 || p >= spatial[a]))
    return `${label}: position [${got.position}] outside [${spatial}]`;
  const at = flatIndexOf(got.channel, got.position, spatial);
  if (!(at >= 0 && at < sums.length)) return `${label}: channel ${got.channel} out of range`;
  if (Math.abs(sums[at] - max) > slack)
    return `${label}: maximiser c=${got.channel} p=[${got.position}] has sum ${sums[at]}, max ${max}`;
  for (let j = 0; j < at; j++) {
    if (sums[j] >= max - slack)
      return `${label}: tie rule: element ${j} (sum ${sums[j]}) precedes maximiser c=${got.channel} p=[${got.position}]`;
  }
  return undefined;
}
