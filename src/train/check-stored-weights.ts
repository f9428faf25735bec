import { failedPrecondition } from "../errors/normserve-error.js";
import type { LinearOperatorLayer } from "../norms/linear-layer.js";
import type { IndexedGraph } from "../onnx/graph-index.js";
import { decodeFloatTensor } from "../onnx/initializer-data.js";

/**
 * Before a Train job starts: every layer weight the norms code reads must be its initializer as
 * stored (the live norms and the decay map the executor's values onto the layers element for
 * element). A weight read through a Transpose node is FAILED_PRECONDITION naming the node.
 */
export function checkStoredWeights(layers: readonly LinearOperatorLayer[], graph: IndexedGraph): void {
  for (const layer of layers) {
    const weight = layer.kind === "batchNorm" ? layer.scale : layer.weight;
    const tensor = graph.constants.get(layer.weightName);
    if (tensor === undefined) continue;
    const stored = decodeFloatTensor(tensor);
    let same = stored.length === weight.length;
    for (let i = 0; same && i < weight.length; i++) same = Math.fround(stored[i]) === Math.fround(weight[i]);
    if (!same)
      throw failedPrecondition(
        `${layer.nodeName}: its weight '${layer.weightName}' is read through a Transpose (or another reordering); training with live norms needs the weight used as stored`,
      );
  }
}
