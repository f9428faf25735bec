import { invalidArgument } from "../errors/normserve-error.js";
import { L2Method } from "../gen/normserve/v1/compute_norms.js";
import type { ConvL2Choice } from "../norms/layer-spectral-norm.js";

/**
 * Reads ComputeNormsRequest.conv_l2_method: UNSPECIFIED is the default (power-iteration estimate
 * plus the Gram bound); EXACT and unknown values are INVALID_ARGUMENT naming the field.
 */
export function parseConvL2Method(method: L2Method): ConvL2Choice {
  switch (method) {
    case L2Method.L2_METHOD_UNSPECIFIED:
      return "estimate-and-bound";
    case L2Method.L2_METHOD_POWER_ITERATION:
      return "power-iteration";
    case L2Method.L2_METHOD_GRAM_ITERATION_BOUND:
      return "gram-iteration-bound";
    case L2Method.L2_METHOD_EXACT_CIRCULAR:
      return "exact-circular";
    case L2Method.L2_METHOD_EXACT:
      throw invalidArgument(
        "conv_l2_method: L2_METHOD_EXACT is not available for zero-padded convs; use POWER_ITERATION (an estimate), GRAM_ITERATION_BOUND (a bound), EXACT_CIRCULAR, or leave it unset for the estimate with the bound",
      );
    default:
      throw invalidArgument(`conv_l2_method: unknown L2 method ${method}`);
  }
}
