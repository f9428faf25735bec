import type { NormResult, WeightArray } from "./norm-result.js";

/**
 * Exact norm of inference-mode BatchNormalization, `diag(γ / √(σ² + ε))`: L1 = L∞ = L2 =
 * max_c |γ_c| / √(σ²_c + ε), computed in float64. Maximiser: channel c (lowest on ties),
 * empty position. Throws RangeError on mismatched lengths or when σ²_c + ε is not positive.
 */
export function batchNormOperatorNorm(
  scale: WeightArray,
  variance: WeightArray,
  epsilon: number,
): NormResult {
  const fn = "batchNormOperatorNorm";
  if (scale.length < 1 || scale.length !== variance.length)
    throw new RangeError(
      `${fn}: scale and variance need the same positive length, got ${scale.length} and ${variance.length}`,
    );
  let value = 0;
  let channel = 0;
  for (let c = 0; c < scale.length; c++) {
    const denominator = variance[c] + epsilon;
    // `!(x > 0)` also rejects NaN.
    if (!(denominator > 0))
      throw new RangeError(`${fn}: variance + epsilon must be positive, got ${denominator} at channel ${c}`);
    const v = Math.abs(scale[c]) / Math.sqrt(denominator);
    if (v > value) {
      value = v;
      channel = c;
    }
  }
  return { value, channel, position: [] };
}
