import { type IndexedGraph, isDefaultDomain } from "./graph-index.js";
import type { InputShape } from "./graph-input-shapes.js";
import { FOLD_LIMIT, InferenceState } from "./inference-state.js";
import { malformedModel, unsupportedModel } from "./onnx-model-error.js";
import type { OpRegistry } from "./ops/op-registry.js";
import type { Shape } from "./ops/shape-rule.js";
import { StateShapeRuleContext } from "./shape-rule-context.js";
import { UnknownShapeSignal } from "./unknown-shape-signal.js";

function checkedShape(label: string, k: number, shape: Shape): Shape {
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0))
    throw malformedModel(`${label}: output ${k} would have the invalid shape [${shape.join(", ")}]`);
  return shape;
}

/**
 * Walks the topologically sorted graph and infers every tensor's shape with the registry's rules,
 * folding small constant subgraphs (shape arithmetic) on the way. A node without a rule, or one
 * whose rule needs a non-constant value, leaves its outputs unknown with a reason; a rule marked
 * `needsInputShape` (Conv, ConvTranspose) turns an unknown input into FAILED_PRECONDITION
 * carrying that reason (which names the node to blame).
 * @internal
 */
export function inferShapes(
  graph: IndexedGraph,
  registry: OpRegistry,
  inputs: ReadonlyMap<string, InputShape>,
): InferenceState {
  const state = new InferenceState(graph);
  for (const [name, input] of inputs) {
    if ("shape" in input) state.shapes.set(name, input.shape);
    else state.unknown.set(name, input.unknown);
  }
  const markUnknown = (outputs: readonly string[], reason: string) => {
    for (const o of outputs) if (o !== "") state.unknown.set(o, reason);
  };
  for (const node of graph.nodes) {
    if (node.outputs.every((o) => o === "" || state.shapes.has(o))) continue; // Constant nodes
    const rule = isDefaultDomain(node.domain) ? registry.lookup(node.opType, graph.opset) : undefined;
    if (!rule) {
      const domain = isDefaultDomain(node.domain) ? "" : ` (domain '${node.domain}')`;
      markUnknown(
        node.outputs,
        `${node.label}${domain} has no shape rule at opset ${graph.opset} (supported: ${registry.supportedOps.join(", ")})`,
      );
      continue;
    }
    const ctx = new StateShapeRuleContext(node, graph.opset, state);
    let shapes: readonly Shape[];
    try {
      shapes = rule.inferShape(ctx);
    } catch (error) {
      if (!(error instanceof UnknownShapeSignal)) throw error;
      if (rule.needsInputShape)
        throw unsupportedModel(
          `${node.label} needs the shapes of its inputs, which are unknown: ${error.reason}`,
        );
      markUnknown(node.outputs, error.reason);
      continue;
    }
    node.outputs.forEach((o, k) => {
      if (o === "") return;
      if (shapes[k]) state.shapes.set(o, checkedShape(node.label, k, shapes[k]));
      else state.unknown.set(o, `${node.label} has no shape rule for its output ${k}`);
    });
    const sizes = shapes.map((s) => s.reduce((a, b) => a * b, 1));
    if (!rule.foldValues || sizes.some((n) => n > FOLD_LIMIT)) continue;
    try {
      rule.foldValues(ctx).forEach((values, k) => {
        const o = node.outputs[k];
        if (o && values.length === sizes[k]) state.folded.set(o, values);
      });
    } catch (error) {
      if (!(error instanceof UnknownShapeSignal)) throw error;
    }
  }
  return state;
}
