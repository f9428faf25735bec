import { batchNormOperatorNorm } from "../math/batch-norm-opnorms.js";
import { convOperatorNorms } from "../math/conv-opnorms.js";
import { convTransposeOperatorNorms } from "../math/conv-transpose-opnorms.js";
import { linearOperatorNorms } from "../math/linear-opnorms.js";
import type { AbsSumNormRequest, AbsSumNorms } from "../math/norm-result.js";
import type { LinearOperatorLayer } from "./linear-layer.js";

/**
 * Exact L1 and/or L∞ operator norms of one layer's linear part, with their maximisers.
 * The single dispatch over layer kinds: ComputeNorms, live training norms and decay all use it.
 */
export function layerAbsSumNorms(layer: LinearOperatorLayer, request: AbsSumNormRequest): AbsSumNorms {
  switch (layer.kind) {
    case "conv":
      return convOperatorNorms(layer.weight, layer.geometry, request);
    case "convTranspose":
      return convTransposeOperatorNorms(layer.weight, layer.adjoint, request);
    case "linear":
      return linearOperatorNorms(
        layer.weight,
        layer.rows,
        layer.cols,
        layer.transposed,
        layer.scale,
        request,
      );
    case "batchNorm": {
      const norm = batchNormOperatorNorm(layer.scale, layer.variance, layer.epsilon);
      return { l1: request.l1 ? norm : undefined, linf: request.linf ? norm : undefined };
    }
  }
}
