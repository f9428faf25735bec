import type { IndexedGraph } from "./graph-index.js";
import { MAX_TENSOR_ELEMENTS } from "./int64.js";
import { malformedModel } from "./onnx-model-error.js";
import type { onnx } from "./onnx-proto.js";
import type { Shape } from "./ops/shape-rule.js";

/** A graph input's shape, or why it is unknown. @internal */
export type InputShape = { readonly shape: Shape } | { readonly unknown: string };

function declaredShape(input: onnx.IValueInfoProto): InputShape {
  const name = input.name ?? "";
  const dims = input.type?.tensorType?.shape?.dim;
  if (!dims) return { unknown: `graph input '${name}' declares no shape (pass input_shape)` };
  const shape: number[] = [];
  for (const [axis, dim] of dims.entries()) {
    const raw = dim.dimValue;
    const value = raw === null || raw === undefined ? 0 : typeof raw === "number" ? raw : raw.toNumber();
    if (value > 0 && !dim.dimParam) {
      shape.push(value);
    } else if (axis === 0) {
      shape.push(1); // a symbolic or unset batch axis: norms do not depend on it
    } else {
      const what = dim.dimParam ? `symbolic dim '${dim.dimParam}'` : "an unknown dim";
      return { unknown: `graph input '${name}' has ${what} on axis ${axis} (pass input_shape)` };
    }
  }
  return { shape };
}

function checkOverride(override: readonly number[], input: onnx.IValueInfoProto): Shape {
  const name = input.name ?? "";
  if (override.some((d) => !Number.isSafeInteger(d) || d < 1))
    throw malformedModel(`input_shape [${override.join(", ")}] must be positive integers`);
  if (override.reduce((a, b) => a * b, 1) > MAX_TENSOR_ELEMENTS)
    throw malformedModel(`input_shape [${override.join(", ")}] exceeds ${MAX_TENSOR_ELEMENTS} elements`);
  const declaredRank = input.type?.tensorType?.shape?.dim?.length;
  if (input.type?.tensorType?.shape && declaredRank !== undefined && declaredRank !== override.length)
    throw malformedModel(
      `input_shape [${override.join(", ")}] has rank ${override.length} but graph input '${name}' has rank ${declaredRank}`,
    );
  return [...override];
}

/**
 * Shapes of the graph's data inputs (batch included): declared dims, a symbolic or unset batch
 * axis read as 1, other symbolic axes unknown. `override` (the request's input_shape) replaces
 * the first data input's shape; a bad override → INVALID_ARGUMENT.
 * @internal
 */
export function graphInputShapes(graph: IndexedGraph, override?: readonly number[]): Map<string, InputShape> {
  const out = new Map<string, InputShape>();
  graph.dataInputs.forEach((input, k) => {
    const shape = k === 0 && override ? { shape: checkOverride(override, input) } : declaredShape(input);
    out.set(input.name ?? "", shape);
  });
  if (override && graph.dataInputs.length === 0)
    throw malformedModel("input_shape given but the graph has no data input (only initializers)");
  return out;
}
