import type { GraphNode } from "./graph-index.js";
import type { InferenceState } from "./inference-state.js";
import type { NodeAttributes } from "./node-attributes.js";
import { malformedModel } from "./onnx-model-error.js";
import type { Shape, ShapeRuleContext } from "./ops/shape-rule.js";
import { UnknownShapeSignal } from "./unknown-shape-signal.js";

/**
 * {@link ShapeRuleContext} over the inference state: unknown shapes and non-constant values
 * raise {@link UnknownShapeSignal} with the reason recorded upstream.
 * @internal
 */
export class StateShapeRuleContext implements ShapeRuleContext {
  readonly attributes: NodeAttributes;

  constructor(
    readonly node: GraphNode,
    readonly opset: number,
    private readonly state: InferenceState,
  ) {
    this.attributes = node.attributes;
  }

  hasInput(i: number): boolean {
    return (this.node.inputs[i] ?? "") !== "";
  }

  maybeShape(i: number): Shape | undefined {
    return this.hasInput(i) ? this.state.shapes.get(this.node.inputs[i]) : undefined;
  }

  shape(i: number): Shape {
    if (!this.hasInput(i)) return this.fail(`input ${i} is required`);
    const name = this.node.inputs[i];
    const shape = this.state.shapes.get(name);
    if (shape) return shape;
    throw new UnknownShapeSignal(this.state.unknown.get(name) ?? `the shape of '${name}' is unknown`);
  }

  numbers(i: number): number[] | undefined {
    if (!this.hasInput(i)) return undefined;
    const name = this.node.inputs[i];
    const values = this.state.valuesOf(name);
    if (values) return [...values];
    throw new UnknownShapeSignal(
      this.state.unknown.get(name) ??
        `${this.node.label} needs the values of its input '${name}', which is not a constant`,
    );
  }

  ints(i: number): number[] | undefined {
    const values = this.numbers(i);
    if (values?.some((v) => !Number.isInteger(v)))
      this.fail(`input '${this.node.inputs[i]}' must hold integers, got [${values.join(", ")}]`);
    return values;
  }

  fail(message: string): never {
    throw malformedModel(`${this.node.label}: ${message}`);
  }
}
