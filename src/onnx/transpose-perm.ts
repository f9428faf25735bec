import type { GraphNode } from "./graph-index.js";
import { malformedModel } from "./onnx-model-error.js";

/**
 * A Transpose node's `perm` for an input of rank `rank` (default: reversed axes), checked to be a
 * permutation. Output axis i is input axis perm[i].
 * @internal
 */
export function transposePerm(node: GraphNode, rank: number): number[] {
  const reversed = Array.from({ length: rank }, (_, i) => rank - 1 - i);
  const perm = node.attributes.ints("perm", reversed);
  const seen = new Set(perm);
  if (
    perm.length !== rank ||
    seen.size !== rank ||
    perm.some((a) => !Number.isInteger(a) || a < 0 || a >= rank)
  )
    throw malformedModel(`${node.label}: perm [${perm.join(", ")}] is not a permutation of ${rank} axes`);
  return perm;
}
