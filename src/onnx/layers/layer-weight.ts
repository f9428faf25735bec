import type { WeightArray } from "../../math/norm-result.js";
import { firstNonFinite } from "../../tensor/first-non-finite.js";
import type { CheckedTensor } from "../checked-tensor.js";
import type { GraphNode, IndexedGraph } from "../graph-index.js";
import { decodeFloatTensor } from "../initializer-data.js";
import { malformedModel, OnnxModelError, unsupportedModel } from "../onnx-model-error.js";
import { permuteInto } from "../permute-array.js";
import { resolveConstant } from "../resolve-constant.js";

/** A layer's weight input, traced back to its initializer. @internal */
export interface LayerWeight {
  /** The initializer (or Constant output) behind Identity/Transpose nodes. */
  readonly name: string;
  readonly tensor: CheckedTensor;
  /** Transpose permutation on the way (undefined when none). */
  readonly perm: readonly number[] | undefined;
  /** Dims as the node sees them (after the permutation). */
  readonly dims: readonly number[];
}

/** The constant behind input `i` of `node`, or undefined when it is computed from data. @internal */
export function findLayerWeight(graph: IndexedGraph, node: GraphNode, i: number): LayerWeight | undefined {
  const input = node.inputs[i] ?? "";
  if (input === "") return undefined;
  const resolved = resolveConstant(graph, input);
  if (!resolved) return undefined;
  const { tensor, perm } = resolved;
  return { name: tensor.name, tensor, perm, dims: perm ? perm.map((a) => tensor.dims[a]) : tensor.dims };
}

/** Like {@link findLayerWeight}, but a computed weight → FAILED_PRECONDITION naming the node. @internal */
export function requireLayerWeight(
  graph: IndexedGraph,
  node: GraphNode,
  i: number,
  role: string,
): LayerWeight {
  const weight = findLayerWeight(graph, node, i);
  if (weight) return weight;
  throw unsupportedModel(
    `${node.label}: its ${role} input '${node.inputs[i] ?? ""}' is not a constant (an initializer, a Constant, ` +
      "or an Identity/Transpose of one); layers with computed weights are not supported",
  );
}

/**
 * Decodes a layer weight to float32/float64 (a zero-copy view when possible), rejecting NaN/Inf
 * (INVALID_ARGUMENT naming the initializer and node). With `applyPerm`, a Transpose on the way is
 * materialised (a copy); otherwise the caller accounts for it.
 * @internal
 */
export function layerWeightValues(weight: LayerWeight, node: GraphNode, applyPerm: boolean): WeightArray {
  let data: WeightArray;
  try {
    data = decodeFloatTensor(weight.tensor);
  } catch (error) {
    if (error instanceof OnnxModelError)
      throw new OnnxModelError(error.code, `${node.label}: ${error.message}`, { cause: error });
    throw error;
  }
  const bad = firstNonFinite(data);
  if (bad >= 0)
    throw malformedModel(
      `${node.label}: ${weight.tensor.label} holds a non-finite value (${data[bad]}) at flat index ${bad}`,
    );
  if (!applyPerm || !weight.perm) return data;
  const out = data instanceof Float64Array ? new Float64Array(data.length) : new Float32Array(data.length);
  return permuteInto(data, weight.tensor.dims, weight.perm, out);
}
