import type { onnx } from "../onnx-proto.js";
import { parseOnnxModel } from "../parse-onnx-model.js";
import type { ParsedModel } from "../parsed-model.js";
import { type AttributeValue, buildModel } from "./onnx-builder.js";

/** A one-node model: data inputs with shapes, constant inputs as initializers. @internal */
export interface SingleOpSpec {
  readonly op: string;
  /** The node's input names in order ("" for an omitted optional input). */
  readonly inputs: readonly string[];
  /** Graph data inputs and their shapes (batch included). */
  readonly data: Readonly<Record<string, readonly (number | string)[]>>;
  readonly initializers?: readonly onnx.ITensorProto[];
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
  /** Number of node outputs (named y0, y1, …); default 1. */
  readonly outputs?: number;
  readonly opset?: number;
}

/** Serialises a {@link SingleOpSpec}. @internal */
export function singleOpModel(spec: SingleOpSpec): Uint8Array {
  const outputs = Array.from({ length: spec.outputs ?? 1 }, (_, k) => `y${k}`);
  return buildModel({
    inputs: Object.entries(spec.data).map(([name, shape]) => ({ name, shape })),
    nodes: [{ opType: spec.op, inputs: spec.inputs, outputs, attributes: spec.attributes, name: "n" }],
    initializers: spec.initializers,
    opset: spec.opset,
  });
}

/** Parses a {@link SingleOpSpec}. @internal */
export function parseSingleOp(spec: SingleOpSpec): ParsedModel {
  return parseOnnxModel(singleOpModel(spec));
}

/** Inferred shape of output `k` (default 0) of a {@link SingleOpSpec}; undefined when unknown. @internal */
export function inferSingleOp(spec: SingleOpSpec, k = 0): readonly number[] | undefined {
  return parseSingleOp(spec).graph.shapeOf(`y${k}`);
}
