import { failedPrecondition } from "../../errors/normserve-error.js";
import type { GraphNode, IndexedGraph } from "../../onnx/graph-index.js";
import { graphInputShapes } from "../../onnx/graph-input-shapes.js";
import { inferShapes } from "../../onnx/infer-shapes.js";
import type { InferenceState } from "../../onnx/inference-state.js";
import { createDefaultOpRegistry } from "../../onnx/ops/default-shape-rules.js";
import type { OpImpl } from "./op-impl.js";
import { lookupOp } from "./op-registry.js";

/** One node the executor runs. */
export interface PlanStep {
  readonly node: GraphNode;
  readonly op: OpImpl;
}

/**
 * A model compiled for one input shape: the nodes to run (shape arithmetic folded away), every
 * value's shape, and which values depend on the input or on trained weights (so the backward
 * pass computes only gradients someone needs).
 */
export interface ExecutionPlan {
  readonly inputShape: readonly number[];
  readonly steps: readonly PlanStep[];
  readonly state: InferenceState;
  /** Values computed from the graph input. */
  readonly dependsOnInput: ReadonlySet<string>;
  /** Values computed from a trained weight (weights included). */
  readonly dependsOnWeights: ReadonlySet<string>;
  /** For each value, how many steps read it (plus one per graph output): frees values early in inference. */
  readonly useCounts: ReadonlyMap<string, number>;
}

const registry = createDefaultOpRegistry();

/**
 * Compiles `graph` for an input of shape `inputShape` (batch included). Shapes are inferred
 * again per input shape because exported graphs fold the batch size into Reshape targets
 * (`x.view(x.size(0), -1)`).
 * @throws FAILED_PRECONDITION for ops the engine does not run or shapes it cannot infer.
 */
export function compileExecutionPlan(
  graph: IndexedGraph,
  inputShape: readonly number[],
  weights: ReadonlySet<string>,
): ExecutionPlan {
  const state = inferShapes(graph, registry, graphInputShapes(graph, inputShape));
  const inputName = graph.dataInputs[0]?.name ?? "";
  const steps: PlanStep[] = [];
  const dependsOnInput = new Set<string>([inputName]);
  const dependsOnWeights = new Set<string>(weights);
  const useCounts = new Map<string, number>();
  for (const node of graph.nodes) {
    const outs = node.outputs.filter((o) => o !== "");
    // Shape arithmetic is folded; a node reading a trained weight (an exporter's de-duplicating
    // Identity) is not: shape inference folded it from the initial values, training moves them.
    if (outs.every((o) => state.isConstant(o)) && !node.inputs.some((i) => weights.has(i))) continue;
    const op = lookupOp(node);
    for (const o of outs) {
      if (!state.shapes.has(o))
        throw failedPrecondition(
          `${node.label}: the shape of '${o}' is unknown: ${state.unknown.get(o) ?? "no reason recorded"}`,
        );
    }
    steps.push({ node, op });
    const fromInput = node.inputs.some((i) => dependsOnInput.has(i));
    const fromWeights = node.inputs.some((i) => dependsOnWeights.has(i));
    for (const o of outs) {
      if (fromInput) dependsOnInput.add(o);
      if (fromWeights) dependsOnWeights.add(o);
    }
    for (const i of node.inputs) if (i !== "") useCounts.set(i, (useCounts.get(i) ?? 0) + 1);
  }
  for (const o of graph.outputs) useCounts.set(o, (useCounts.get(o) ?? 0) + 1);
  return { inputShape, steps, state, dependsOnInput, dependsOnWeights, useCounts };
}
