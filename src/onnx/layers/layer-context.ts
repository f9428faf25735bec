import type { GraphNode, IndexedGraph } from "../graph-index.js";
import type { InferenceState } from "../inference-state.js";
import { malformedModel } from "../onnx-model-error.js";
import type { Shape } from "../ops/shape-rule.js";

/** What layer extractors read: the indexed graph and the inferred shapes. @internal */
export interface LayerContext {
  readonly graph: IndexedGraph;
  readonly state: InferenceState;
}

/** A `fail` that throws INVALID_ARGUMENT prefixed with the node's label. @internal */
export function nodeFailer(node: GraphNode): { fail(message: string): never } {
  return {
    fail(message: string): never {
      throw malformedModel(`${node.label}: ${message}`);
    },
  };
}

/** Inferred shape of input `i` of `node` (batch included), or undefined. @internal */
export function inputShapeOf(ctx: LayerContext, node: GraphNode, i: number): Shape | undefined {
  const name = node.inputs[i] ?? "";
  return name === "" ? undefined : ctx.state.shapes.get(name);
}
