import type { IndexedGraph } from "../../onnx/graph-index.js";
import type { ParameterRole } from "./parameter-store.js";
import type { Layout } from "./value.js";

/** Role and storage layout of each float initializer. */
export interface InitializerPlacement {
  readonly role: ParameterRole;
  readonly layout: Layout;
}

/** Which input slots of which ops hold trained weights, buffers, or conv filters. */
const WEIGHT_SLOTS: Readonly<Record<string, readonly number[]>> = {
  Conv: [1, 2],
  ConvTranspose: [1, 2],
  Gemm: [0, 1, 2],
  MatMul: [0, 1],
  BatchNormalization: [1, 2],
};
const BUFFER_SLOTS: Readonly<Record<string, readonly number[]>> = { BatchNormalization: [3, 4] };
/** Ops that only move an initializer's values around: PyTorch exports read weights through them. */
const PASS_THROUGH: ReadonlySet<string> = new Set([
  "Identity",
  "Transpose",
  "Reshape",
  "Cast",
  "Squeeze",
  "Unsqueeze",
  "Flatten",
]);

/**
 * Classifies the initializers: weights are the conv/linear weights and biases and batch-norm
 * scales and offsets (what PyTorch's optimiser sees), buffers the running statistics, the rest
 * constants. A conv filter used only as a conv filter is stored hwio.
 */
export function placeInitializers(
  graph: IndexedGraph,
  floatInitializers: ReadonlySet<string>,
): Map<string, InitializerPlacement> {
  const roles = new Map<string, ParameterRole>();
  const filterOnly = new Map<string, boolean>();
  // A value computed from one initializer by pass-through ops counts as that initializer
  // (e.g. a Linear weight read through Transpose into MatMul is trained).
  const source = new Map<string, string>();
  for (const name of floatInitializers) source.set(name, name);
  for (const node of graph.nodes) {
    const from = source.get(node.inputs[0] ?? "");
    if (from && PASS_THROUGH.has(node.opType) && node.outputs[0]) source.set(node.outputs[0], from);
  }
  for (const node of graph.nodes) {
    node.inputs.forEach((input, k) => {
      const name = source.get(input);
      if (!name) return;
      if (name !== input) {
        filterOnly.set(name, false);
        if (WEIGHT_SLOTS[node.opType]?.includes(k)) roles.set(name, "weight");
        else if (BUFFER_SLOTS[node.opType]?.includes(k) && roles.get(name) !== "weight")
          roles.set(name, "buffer");
        return;
      }
      const isFilter = (node.opType === "Conv" || node.opType === "ConvTranspose") && k === 1;
      const rank = graph.constants.get(name)?.dims.length ?? 0;
      filterOnly.set(name, (filterOnly.get(name) ?? true) && isFilter && (rank === 3 || rank === 4));
      if (WEIGHT_SLOTS[node.opType]?.includes(k)) roles.set(name, "weight");
      else if (BUFFER_SLOTS[node.opType]?.includes(k) && roles.get(name) !== "weight")
        roles.set(name, "buffer");
      else if (!roles.has(name)) roles.set(name, "constant");
    });
  }
  const out = new Map<string, InitializerPlacement>();
  for (const name of graph.initializerNames) {
    if (!floatInitializers.has(name)) continue;
    out.set(name, { role: roles.get(name) ?? "constant", layout: filterOnly.get(name) ? "hwio" : "plain" });
  }
  return out;
}
