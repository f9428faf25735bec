import { type CheckedTensor, checkTensor } from "./checked-tensor.js";
import { constantNodeValue } from "./constant-node-value.js";
import type { DecodedModel } from "./decode-model-proto.js";
import { NodeAttributes } from "./node-attributes.js";
import type { onnx } from "./onnx-proto.js";
import { type SortableNode, topologicalOrder } from "./topological-order.js";

/** A graph node with a unique name and parsed attributes. @internal */
export interface GraphNode extends SortableNode {
  /** Position in the model's node list. */
  readonly index: number;
  /** Operator domain ("" for the default ONNX domain). */
  readonly domain: string;
  readonly attributes: NodeAttributes;
  /** `<opType> node '<name>'`, for messages. */
  readonly label: string;
}

/** The main graph, indexed for shape inference and layer extraction. @internal */
export interface IndexedGraph {
  readonly opset: number;
  /** Nodes in topological order. */
  readonly nodes: readonly GraphNode[];
  /** Node producing each tensor. */
  readonly producers: ReadonlyMap<string, GraphNode>;
  /** Constant tensors: initializers and Constant node outputs, validated but not decoded. */
  readonly constants: ReadonlyMap<string, CheckedTensor>;
  readonly initializerNames: readonly string[];
  /** Graph inputs that are not initializers. */
  readonly dataInputs: readonly onnx.IValueInfoProto[];
  readonly outputs: readonly string[];
}

/** Whether a node domain is the default ONNX operator set. @internal */
export function isDefaultDomain(domain: string): boolean {
  return domain === "" || domain === "ai.onnx";
}

function makeNodes(protos: readonly onnx.INodeProto[]): GraphNode[] {
  const used = new Set<string>();
  return protos.map((proto, index) => {
    const opType = proto.opType ?? "";
    let name = proto.name || `${opType}_${index}`;
    if (used.has(name)) name = `${name}_${index}`;
    used.add(name);
    const label = `${opType} node '${name}'`;
    return {
      index,
      name,
      opType,
      domain: proto.domain ?? "",
      inputs: [...(proto.input ?? [])],
      outputs: [...(proto.output ?? [])],
      attributes: new NodeAttributes(proto.attribute, label),
      label,
    };
  });
}

/**
 * Indexes a decoded model's graph: unique node names (`<opType>_<index>` for unnamed nodes),
 * validated initializers and Constant values, and a topological order. Throws INVALID_ARGUMENT
 * for bad tensors, missing inputs, duplicate outputs and cycles.
 * @internal
 */
export function indexGraph(decoded: DecodedModel): IndexedGraph {
  const { graph, opset } = decoded;
  const constants = new Map<string, CheckedTensor>();
  const initializerNames: string[] = [];
  for (const init of graph.initializer ?? []) {
    const checked = checkTensor(init, `initializer '${init.name ?? ""}'`);
    constants.set(checked.name, checked);
    initializerNames.push(checked.name);
  }
  const all = makeNodes(graph.node ?? []);
  for (const node of all) {
    if (node.opType !== "Constant" || !isDefaultDomain(node.domain) || node.outputs.length === 0) continue;
    const value = constantNodeValue(node.attributes, node.outputs[0]);
    if (value) constants.set(node.outputs[0], checkTensor(value, `${node.label} value`));
  }
  const isInitializer = new Set(initializerNames);
  const dataInputs = (graph.input ?? []).filter((v) => !isInitializer.has(v.name ?? ""));
  const available = new Set<string>([...isInitializer, ...dataInputs.map((v) => v.name ?? "")]);
  const nodes = topologicalOrder(all, available).map((i) => all[i]);
  const producers = new Map<string, GraphNode>();
  for (const node of nodes) for (const out of node.outputs) if (out !== "") producers.set(out, node);
  return {
    opset,
    nodes,
    producers,
    constants,
    initializerNames,
    dataInputs,
    outputs: (graph.output ?? []).map((v) => v.name ?? ""),
  };
}
