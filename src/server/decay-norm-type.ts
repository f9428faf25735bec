import { failedPrecondition, invalidArgument } from "../errors/normserve-error.js";
import { NormType } from "../gen/normserve/v1/compute_norms.js";
import type { AbsSumNormKind } from "../math/conv-maximiser-weights.js";

/**
 * The single `norm` of NormDecay/ProjectNorms: L1 or L∞. Unset or unknown values are
 * INVALID_ARGUMENT, NORM_TYPE_L2 FAILED_PRECONDITION (decay and projection are defined for the
 * abs-sum norms only).
 */
export function parseDecayNorm(norm: NormType): AbsSumNormKind {
  switch (norm) {
    case NormType.NORM_TYPE_L1:
      return "l1";
    case NormType.NORM_TYPE_LINF:
      return "linf";
    case NormType.NORM_TYPE_L2:
      throw failedPrecondition(
        "norm: NORM_TYPE_L2 is not supported here; use NORM_TYPE_L1 or NORM_TYPE_LINF",
      );
    case NormType.NORM_TYPE_UNSPECIFIED:
      throw invalidArgument("norm: required (NORM_TYPE_L1 or NORM_TYPE_LINF)");
    default:
      throw invalidArgument(`norm: unknown norm type ${norm}`);
  }
}
