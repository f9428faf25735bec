import type { LinearLayer } from "../../norms/linear-layer.js";
import type { GraphNode } from "../graph-index.js";
import { malformedModel, unsupportedModel } from "../onnx-model-error.js";
import { inputShapeOf, type LayerContext } from "./layer-context.js";
import { findLayerWeight, type LayerWeight, layerWeightValues } from "./layer-weight.js";

/**
 * A linear layer whose matrix M (out×in) is the stored 2-d array S or its transpose:
 * `sIsM` says which (after Transpose nodes and Gemm trans flags are accounted for).
 */
function matrixLayer(
  node: GraphNode,
  weight: LayerWeight,
  sIsM: boolean,
  scale: number,
  shapes?: { input: readonly number[]; output: readonly number[] },
): LinearLayer {
  const [s0, s1] = weight.tensor.dims.length === 1 ? [1, weight.tensor.dims[0]] : weight.tensor.dims;
  const rows = sIsM ? s0 : s1;
  const cols = sIsM ? s1 : s0;
  return {
    kind: "linear",
    nodeName: node.name,
    opType: node.opType,
    weightName: weight.name,
    inputShape: shapes?.input ?? [cols],
    outputShape: shapes?.output ?? [rows],
    weight: layerWeightValues(weight, node, false),
    rows,
    cols,
    transposed: !sIsM,
    scale,
  };
}

function checkRank(node: GraphNode, weight: LayerWeight, ranks: readonly number[]): void {
  if (!ranks.includes(weight.dims.length))
    throw unsupportedModel(
      `${node.label}: constant operand '${weight.name}' has shape [${weight.dims.join(", ")}]; ` +
        `only rank ${ranks.join(" or ")} weights are supported`,
    );
}

/**
 * Gemm `Y = α·A'·B' + β·C` as a linear layer: with B constant, M = (α·B')ᵀ; with A constant
 * instead, the map B ↦ α·A'·B' acts column by column, so its induced norms are those of α·A'
 * (M = A'). Undefined when neither or both operands are constant (not a layer).
 * @internal
 */
export function gemmLayer(ctx: LayerContext, node: GraphNode): LinearLayer | undefined {
  const a = findLayerWeight(ctx.graph, node, 0);
  const b = findLayerWeight(ctx.graph, node, 1);
  if ((a === undefined) === (b === undefined)) return undefined;
  const alpha = node.attributes.float("alpha", 1);
  if (!Number.isFinite(alpha)) throw malformedModel(`${node.label}: alpha ${alpha} is not finite`);
  if (b) {
    checkRank(node, b, [2]);
    // B' = S when the Transpose chain and transB cancel; then S = Mᵀ.
    const bPrimeIsS = (b.perm !== undefined) === (node.attributes.int("transB", 0) !== 0);
    return matrixLayer(node, b, !bPrimeIsS, alpha);
  }
  const w = a!;
  checkRank(node, w, [2]);
  const aPrimeIsS = (w.perm !== undefined) === (node.attributes.int("transA", 0) !== 0);
  return matrixLayer(node, w, aPrimeIsS, alpha);
}

/**
 * MatMul as a linear layer: `Y = X·W` with W constant gives M = Wᵀ (W stored `[in, out]` ⇒
 * `transposed`); `Y = W·X` gives M = W. A 1-d constant is a 1×K matrix. Shapes come from the
 * inferred data shapes (batch dropped) when known. Undefined when neither or both are constant.
 * @internal
 */
export function matMulLayer(ctx: LayerContext, node: GraphNode): LinearLayer | undefined {
  const a = findLayerWeight(ctx.graph, node, 0);
  const b = findLayerWeight(ctx.graph, node, 1);
  if ((a === undefined) === (b === undefined)) return undefined;
  if (b) {
    checkRank(node, b, [1, 2]);
    const x = inputShapeOf(ctx, node, 0);
    const y = ctx.state.shapes.get(node.outputs[0] ?? "");
    const shapes = x && y && x.length >= 2 ? { input: x.slice(1), output: y.slice(1) } : undefined;
    // W = S (no Transpose on the way) ⇒ S = Mᵀ. A 1-d W is already the single row of M.
    return matrixLayer(node, b, b.dims.length === 1 || b.perm !== undefined, 1, shapes);
  }
  const w = a!;
  checkRank(node, w, [1, 2]);
  return matrixLayer(node, w, w.perm === undefined, 1);
}
