import { failedPrecondition, invalidArgument } from "../errors/normserve-error.js";
import type { ComputeNormsRequest } from "../gen/normserve/v1/compute_norms.js";
import type { Tensor } from "../gen/normserve/v1/tensor.js";
import { layerWeight, withLayerWeight } from "../norms/layer-maximiser.js";
import type { LinearOperatorLayer } from "../norms/linear-layer.js";
import type { NetworkGraph } from "../norms/network-graph.js";
import { decodeFloatTensor, TensorDecodeError } from "../tensor/decode-float-tensor.js";
import { loadRequestModel } from "./load-request-model.js";

/** The layers of a NormDecay/ProjectNorms request, with the wire shape of each weight. */
export interface DecayRequestModel {
  readonly layers: readonly LinearOperatorLayer[];
  /** Shape of each weight as the client holds it (ONNX initializer dims, raw tensor shape), by weight name. */
  readonly weightShapes: ReadonlyMap<string, readonly number[]>;
}

/** The request fields this reads (shared by NormDecayRequest and ProjectNormsRequest). */
export interface DecayModelFields {
  readonly model: ComputeNormsRequest["model"];
  readonly inputShape: readonly number[];
  readonly weights: { readonly [name: string]: Tensor };
}

/**
 * Resolves the model of a NormDecay/ProjectNorms request: ONNX bytes (with `weights` replacing
 * initializers by name: layer weights and batch-norm variances, each with the initializer's
 * shape) or raw layers (names must be unique: they key gradients and session state). Layers of
 * a selected kind whose conv weight reaches the node through a Transpose are FAILED_PRECONDITION
 * (their decay and projection could not be returned in the initializer's layout).
 * Errors name the field: `weights['fc.weight']`, `layers[2].name`.
 */
export function loadDecayRequestModel(
  fields: DecayModelFields,
  kinds: ReadonlySet<LinearOperatorLayer["kind"]>,
): DecayRequestModel {
  const { model } = fields;
  const replacements = Object.entries(fields.weights);
  if (model?.$case === "layers" && replacements.length > 0)
    throw invalidArgument("weights: only for onnx_model and model_id; raw layers carry their own weights");
  const loaded = loadRequestModel(model, fields.inputShape);
  const weightShapes = new Map<string, readonly number[]>();
  if (model?.$case === "layers") {
    const seen = new Map<string, number>();
    loaded.layers.forEach((layer, i) => {
      const first = seen.get(layer.nodeName);
      if (first !== undefined)
        throw invalidArgument(
          `layers[${i}].name: '${layer.nodeName}' repeats layers[${first}]; names must be unique`,
        );
      seen.set(layer.nodeName, i);
      weightShapes.set(layer.weightName, [...(model.value.layers[i].weight?.shape ?? [])]);
    });
    return { layers: loaded.layers, weightShapes };
  }
  const graph = loaded.graph;
  if (graph === undefined) throw new Error("loadDecayRequestModel: an ONNX model without a graph summary");
  for (const layer of loaded.layers) {
    weightShapes.set(layer.weightName, graph.shapeOf(layer.weightName) ?? [layerWeight(layer).length]);
    if (kinds.has(layer.kind) && (layer.kind === "conv" || layer.kind === "convTranspose")) {
      if (weightThroughTranspose(graph, layer))
        throw failedPrecondition(
          `${layer.nodeName}: its weight '${layer.weightName}' reaches the node through a Transpose; norm decay and projection need the initializer in the node's layout`,
        );
    }
  }
  if (replacements.length === 0) return { layers: loaded.layers, weightShapes };
  return { layers: replaceWeights(loaded.layers, graph, new Map(replacements)), weightShapes };
}

function weightThroughTranspose(graph: NetworkGraph, layer: LinearOperatorLayer): boolean {
  const node = graph.nodes.find((n) => n.name === layer.nodeName);
  let current = node?.inputs[1] ?? layer.weightName;
  for (let hops = 0; current !== layer.weightName && hops < graph.nodes.length; hops++) {
    const producer = graph.nodes.find((n) => n.outputs.includes(current));
    if (producer === undefined || producer.opType === "Transpose") return true;
    current = producer.inputs[0] ?? "";
  }
  return current !== layer.weightName;
}

function decodeReplacement(name: string, tensor: Tensor, graph: NetworkGraph): Float32Array | Float64Array {
  const field = `weights['${name}']`;
  const dims = graph.shapeOf(name) ?? [];
  if (tensor.shape.length !== dims.length || tensor.shape.some((d, i) => d !== dims[i]))
    throw invalidArgument(
      `${field}: shape [${tensor.shape.join(", ")}] differs from the initializer's [${dims.join(", ")}]`,
    );
  try {
    return decodeFloatTensor(tensor, field).values;
  } catch (error) {
    if (error instanceof TensorDecodeError) throw invalidArgument(error.message, error);
    throw error;
  }
}

function replaceWeights(
  layers: readonly LinearOperatorLayer[],
  graph: NetworkGraph,
  replacements: ReadonlyMap<string, Tensor>,
): LinearOperatorLayer[] {
  const known = new Set<string>();
  for (const layer of layers) {
    known.add(layer.weightName);
    if (layer.kind === "batchNorm") known.add(layer.varianceName);
  }
  const unknown = [...replacements.keys()].filter((name) => !known.has(name));
  if (unknown.length > 0)
    throw invalidArgument(
      `weights: ${unknown.map((n) => `'${n}'`).join(", ")} ${unknown.length === 1 ? "is not an initializer" : "are not initializers"} read by a layer (known: ${[...known].slice(0, 8).join(", ")}${known.size > 8 ? ", …" : ""})`,
    );
  const decoded = new Map<string, Float32Array | Float64Array>();
  for (const [name, tensor] of replacements) decoded.set(name, decodeReplacement(name, tensor, graph));
  return layers.map((layer) => {
    let next = layer;
    const weight = decoded.get(layer.weightName);
    if (weight !== undefined) next = withLayerWeight(next, weight);
    if (next.kind !== "batchNorm") return next;
    const { epsilon, varianceName } = next;
    const variance = decoded.get(varianceName);
    if (variance === undefined) return next;
    const bad = variance.findIndex((v) => !(v + epsilon > 0));
    if (bad >= 0)
      throw invalidArgument(
        `weights['${varianceName}']: element ${bad} is ${variance[bad]}; variance + epsilon must be > 0`,
      );
    return { ...next, variance };
  });
}
