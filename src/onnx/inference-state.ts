import type { IndexedGraph } from "./graph-index.js";
import { decodeNumericTensor } from "./initializer-data.js";
import type { Shape } from "./ops/shape-rule.js";

/** Largest tensor (elements) whose values we decode or fold for shape computations. @internal */
export const FOLD_LIMIT = 4096;

/**
 * Shapes and small constant values known so far while walking the graph, plus why the rest are
 * unknown (for FAILED_PRECONDITION messages that name the node to blame).
 * @internal
 */
export class InferenceState {
  /** Known shapes (batch included). */
  readonly shapes = new Map<string, Shape>();
  /** Why a tensor's shape is unknown. */
  readonly unknown = new Map<string, string>();
  /** Values of small tensors computed from constants (shape arithmetic). */
  readonly folded = new Map<string, readonly number[]>();
  private readonly decoded = new Map<string, readonly number[]>();

  constructor(readonly graph: IndexedGraph) {
    for (const [name, tensor] of graph.constants) this.shapes.set(name, tensor.dims);
  }

  /** Values of a constant or folded tensor of at most {@link FOLD_LIMIT} elements, else undefined. */
  valuesOf(name: string): readonly number[] | undefined {
    const folded = this.folded.get(name);
    if (folded) return folded;
    const tensor = this.graph.constants.get(name);
    if (!tensor || tensor.size > FOLD_LIMIT) return undefined;
    let values = this.decoded.get(name);
    if (!values) {
      values = decodeNumericTensor(tensor);
      this.decoded.set(name, values);
    }
    return values;
  }

  /** Whether `name` is an initializer, a Constant output or a folded tensor. */
  isConstant(name: string): boolean {
    return this.graph.constants.has(name) || this.folded.has(name);
  }
}
