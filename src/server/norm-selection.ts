import { failedPrecondition, invalidArgument } from "../errors/normserve-error.js";
import { NormType } from "../gen/normserve/v1/compute_norms.js";

/** Norms requested in a call. */
export interface RequestedNorms {
  readonly l1: boolean;
  readonly linf: boolean;
  readonly l2: boolean;
}

/**
 * Reads the request's `norms` list: empty means L1 and L∞; unknown values are INVALID_ARGUMENT;
 * L2 is FAILED_PRECONDITION unless `l2Supported`.
 */
export function parseNormSelection(norms: readonly NormType[], l2Supported: boolean): RequestedNorms {
  if (norms.length === 0) return { l1: true, linf: true, l2: false };
  let l1 = false;
  let linf = false;
  let l2 = false;
  for (const [i, norm] of norms.entries()) {
    if (norm === NormType.NORM_TYPE_L1) l1 = true;
    else if (norm === NormType.NORM_TYPE_LINF) linf = true;
    else if (norm === NormType.NORM_TYPE_L2) l2 = true;
    else if (norm !== NormType.NORM_TYPE_UNSPECIFIED) {
      throw invalidArgument(`norms[${i}]: unknown norm type ${norm}`);
    }
  }
  if (l2 && !l2Supported) throw failedPrecondition("norms: NORM_TYPE_L2 is not available on this server");
  if (!l1 && !linf && !l2)
    throw invalidArgument("norms: no norm selected (only NORM_TYPE_UNSPECIFIED given)");
  return { l1, linf, l2 };
}
