import type { CheckedTensor } from "./checked-tensor.js";
import { type GraphNode, type IndexedGraph, isDefaultDomain } from "./graph-index.js";
import { transposePerm } from "./transpose-perm.js";

/** A tensor that is a constant, possibly seen through Identity and Transpose nodes. @internal */
export interface ResolvedConstant {
  /** The initializer or Constant output behind the chain. */
  readonly tensor: CheckedTensor;
  /** Axis permutation of the chain (`dims[i] = tensor.dims[perm[i]]`); undefined when none. */
  readonly perm: readonly number[] | undefined;
}

/**
 * Follows `name` back through Identity and Transpose nodes to an initializer or Constant; undefined
 * when it is computed from data. PyTorch exports bias-free Linear layers this way (MatMul of a
 * Transpose'd weight).
 * @internal
 */
export function resolveConstant(graph: IndexedGraph, name: string): ResolvedConstant | undefined {
  const transposes: GraphNode[] = [];
  let current = name;
  for (let hops = 0; hops <= graph.nodes.length; hops++) {
    const tensor = graph.constants.get(current);
    if (tensor) {
      // Compose from the innermost Transpose outwards: out[i] = in[p[i]].
      let perm: number[] | undefined;
      for (let k = transposes.length - 1; k >= 0; k--) {
        const p = transposePerm(transposes[k], tensor.dims.length);
        perm = perm === undefined ? p : p.map((a) => perm![a]);
      }
      const identity = perm?.every((a, i) => a === i) ?? true;
      return { tensor, perm: identity ? undefined : perm };
    }
    const producer = graph.producers.get(current);
    if (!producer || !isDefaultDomain(producer.domain)) return undefined;
    if (producer.opType === "Transpose") transposes.push(producer);
    else if (producer.opType !== "Identity") return undefined;
    current = producer.inputs[0] ?? "";
  }
  return undefined;
}
