import type { ConvGeometry } from "./conv-geometry.js";
import { convOperatorNorms } from "./conv-opnorms.js";
import type { AbsSumNormRequest, AbsSumNorms, NormResult, WeightArray } from "./norm-result.js";

/**
 * Exact L1/L∞ norms of a ConvTranspose, given its weight `[C_in, C_out/g, k...]` and the
 * geometry of its adjoint conv (`makeConvTransposeAdjointGeometry`). Its matrix is the
 * transpose of that conv's, so its L1 is the conv's L∞ and vice versa; the maximisers carry
 * over unchanged (L1: ConvTranspose input channel and position = conv output; L∞: ConvTranspose
 * output channel and position = conv input), and so does the tie rule.
 */
export function convTransposeOperatorNorms(
  kernel: WeightArray,
  adjointGeometry: ConvGeometry,
  request: AbsSumNormRequest,
): AbsSumNorms {
  const conv = convOperatorNorms(kernel, adjointGeometry, { l1: request.linf, linf: request.l1 });
  const result: { l1?: NormResult; linf?: NormResult } = {};
  if (conv.linf) result.l1 = conv.linf;
  if (conv.l1) result.linf = conv.l1;
  return result;
}
