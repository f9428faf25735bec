import type { InferenceState } from "./inference-state.js";
import { decodeNumericTensor } from "./initializer-data.js";
import type { GraphSummary } from "./parsed-model.js";

const CONSTANT_VALUES_LIMIT = 65_536;

/**
 * The {@link GraphSummary} of an inferred graph. Constant values are decoded on first request
 * (a decode error there means an exotic dtype: reported as undefined).
 * @internal
 */
export function summarizeGraph(state: InferenceState): GraphSummary {
  const { graph } = state;
  const cache = new Map<string, ArrayLike<number> | undefined>();
  const constantValues = (name: string): ArrayLike<number> | undefined => {
    const folded = state.folded.get(name);
    if (folded) return folded;
    const tensor = graph.constants.get(name);
    if (!tensor || tensor.size > CONSTANT_VALUES_LIMIT) return undefined;
    if (!cache.has(name)) {
      try {
        cache.set(name, decodeNumericTensor(tensor));
      } catch {
        cache.set(name, undefined);
      }
    }
    return cache.get(name);
  };
  return {
    opsetVersion: graph.opset,
    nodes: graph.nodes.map((n) => ({
      name: n.name,
      opType: n.opType,
      domain: n.domain,
      inputs: n.inputs,
      outputs: n.outputs,
      attributes: n.attributes.plain(),
    })),
    initializerNames: graph.initializerNames,
    inputs: graph.dataInputs.map((v) => v.name ?? ""),
    outputs: graph.outputs,
    shapes: state.shapes,
    isConstant: (name) => state.isConstant(name),
    constantValues,
    shapeOf: (name) => state.shapes.get(name),
  };
}
