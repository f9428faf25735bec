import type { ConvLayer, ConvTransposeLayer } from "../../norms/linear-layer.js";
import type { GraphNode } from "../graph-index.js";
import { unsupportedModel } from "../onnx-model-error.js";
import { convNodeGeometry } from "../ops/conv.js";
import { convTransposeNodeGeometry } from "../ops/conv-transpose.js";
import type { Shape } from "../ops/shape-rule.js";
import { inputShapeOf, type LayerContext, nodeFailer } from "./layer-context.js";
import { layerWeightValues, requireLayerWeight } from "./layer-weight.js";

function dataShape(ctx: LayerContext, node: GraphNode): Shape {
  const shape = inputShapeOf(ctx, node, 0);
  // Shape inference already failed for conv inputs it could not infer; this is a safety net.
  if (!shape) throw unsupportedModel(`${node.label}: the shape of its input '${node.inputs[0]}' is unknown`);
  return shape;
}

/** The Conv layer of a Conv node: constant weight, geometry on the inferred input shape. @internal */
export function convLayer(ctx: LayerContext, node: GraphNode): ConvLayer {
  const input = dataShape(ctx, node);
  const weight = requireLayerWeight(ctx.graph, node, 1, "weight");
  const geometry = convNodeGeometry(nodeFailer(node), node.attributes, input, weight.dims);
  return {
    kind: "conv",
    nodeName: node.name,
    opType: node.opType,
    weightName: weight.name,
    inputShape: input.slice(1),
    outputShape: [geometry.outChannels, ...geometry.outputSpatial],
    weight: layerWeightValues(weight, node, true),
    weightShape: weight.dims,
    geometry,
  };
}

/** The layer of a ConvTranspose node, stored with its adjoint convolution. @internal */
export function convTransposeLayer(ctx: LayerContext, node: GraphNode): ConvTransposeLayer {
  const input = dataShape(ctx, node);
  const weight = requireLayerWeight(ctx.graph, node, 1, "weight");
  const adjoint = convTransposeNodeGeometry(nodeFailer(node), node.attributes, input, weight.dims);
  return {
    kind: "convTranspose",
    nodeName: node.name,
    opType: node.opType,
    weightName: weight.name,
    inputShape: input.slice(1),
    outputShape: [adjoint.inChannels, ...adjoint.inputSpatial],
    weight: layerWeightValues(weight, node, true),
    weightShape: weight.dims,
    adjoint,
  };
}
