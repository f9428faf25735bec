import type { LinearOperatorLayer } from "../../norms/linear-layer.js";
import { isDefaultDomain } from "../graph-index.js";
import { batchNormLayer } from "./batch-norm-layer.js";
import { convLayer, convTransposeLayer } from "./conv-layers.js";
import type { LayerContext } from "./layer-context.js";
import { gemmLayer, matMulLayer } from "./linear-layers.js";

/**
 * The linear layers of the graph in topological order: every Conv, ConvTranspose and
 * BatchNormalization, and each Gemm/MatMul with exactly one constant operand.
 * @internal
 */
export function extractLayers(ctx: LayerContext): LinearOperatorLayer[] {
  const layers: LinearOperatorLayer[] = [];
  for (const node of ctx.graph.nodes) {
    if (!isDefaultDomain(node.domain)) continue;
    let layer: LinearOperatorLayer | undefined;
    switch (node.opType) {
      case "Conv":
        layer = convLayer(ctx, node);
        break;
      case "ConvTranspose":
        layer = convTransposeLayer(ctx, node);
        break;
      case "Gemm":
        layer = gemmLayer(ctx, node);
        break;
      case "MatMul":
        layer = matMulLayer(ctx, node);
        break;
      case "BatchNormalization":
        layer = batchNormLayer(ctx, node);
        break;
    }
    if (layer) layers.push(layer);
  }
  return layers;
}
