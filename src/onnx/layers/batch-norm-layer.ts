import type { BatchNormLayer } from "../../norms/linear-layer.js";
import type { GraphNode } from "../graph-index.js";
import { malformedModel } from "../onnx-model-error.js";
import { inputShapeOf, type LayerContext } from "./layer-context.js";
import { layerWeightValues, requireLayerWeight } from "./layer-weight.js";

/**
 * Inference-mode BatchNormalization `diag(γ/√(σ²+ε))` from the constant scale (input 1) and
 * running variance (input 4), any opset (training_mode and its extra outputs are irrelevant to
 * the inference map). Needs no spatial size: shapes fall back to `[C]`.
 * @internal
 */
export function batchNormLayer(ctx: LayerContext, node: GraphNode): BatchNormLayer {
  const scaleWeight = requireLayerWeight(ctx.graph, node, 1, "scale");
  const varianceWeight = requireLayerWeight(ctx.graph, node, 4, "input_var");
  const epsilon = node.attributes.float("epsilon", 1e-5);
  const scale = layerWeightValues(scaleWeight, node, false);
  const variance = layerWeightValues(varianceWeight, node, false);
  if (scaleWeight.dims.length !== 1 || varianceWeight.dims.length !== 1 || scale.length !== variance.length)
    throw malformedModel(
      `${node.label}: scale [${scaleWeight.dims.join(", ")}] and input_var [${varianceWeight.dims.join(", ")}] must be 1-d of equal length`,
    );
  if (!(epsilon >= 0)) throw malformedModel(`${node.label}: epsilon ${epsilon} is negative`);
  for (let c = 0; c < variance.length; c++) {
    if (!(variance[c] + epsilon > 0))
      throw malformedModel(
        `${node.label}: ${varianceWeight.tensor.label} has variance ${variance[c]} at channel ${c} (variance + epsilon must be > 0)`,
      );
  }
  const x = inputShapeOf(ctx, node, 0);
  const shape = x && x.length >= 2 ? x.slice(1) : [scale.length];
  return {
    kind: "batchNorm",
    nodeName: node.name,
    opType: node.opType,
    weightName: scaleWeight.name,
    inputShape: shape,
    outputShape: shape,
    scale,
    variance,
    epsilon,
    varianceName: varianceWeight.name,
  };
}
