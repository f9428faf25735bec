import type { GraphNode } from "../graph-index.js";
import type { NodeAttributes } from "../node-attributes.js";

/** A tensor shape (batch included where the tensor has one). */
export type Shape = readonly number[];

/**
 * What a shape rule sees of its node. Asking for an unknown input shape, or for the values of an
 * input that is not a constant, stops the rule: its outputs become unknown (or, for a rule with
 * `needsInputShape`, the parse fails with FAILED_PRECONDITION naming the node to blame).
 * @internal
 */
export interface ShapeRuleContext {
  readonly node: GraphNode;
  /** The model's default-domain opset. */
  readonly opset: number;
  readonly attributes: NodeAttributes;
  /** Whether input `i` is given (a non-empty name). */
  hasInput(i: number): boolean;
  /** Shape of input `i`; stops the rule when unknown or absent. */
  shape(i: number): Shape;
  /** Shape of input `i`, or undefined when unknown or absent. */
  maybeShape(i: number): Shape | undefined;
  /** Integer values of constant input `i` (undefined when absent); stops the rule when not constant. */
  ints(i: number): number[] | undefined;
  /** Numeric values (float or integer) of constant input `i`; as {@link ints}. */
  numbers(i: number): number[] | undefined;
  /** Throws INVALID_ARGUMENT prefixed with the node's label. */
  fail(message: string): never;
}

/**
 * One op's shape rule for the opsets from `since` on (until the next rule of the same op), in the
 * style of the ONNX reference evaluator's op list.
 * @internal
 */
export interface ShapeRule {
  readonly opType: string;
  /** First opset this rule applies to. */
  readonly since: number;
  /** The op cannot work without its data input's shape (Conv, ConvTranspose). */
  readonly needsInputShape?: boolean;
  /** Output shapes, in output order; missing entries are unknown. */
  inferShape(ctx: ShapeRuleContext): readonly Shape[];
  /**
   * Values of the outputs (row-major) when the inputs are small constants, for ops that build
   * shape tensors (Pad's pads, Reshape's shape, Resize's sizes). Runs after `inferShape`.
   */
  foldValues?(ctx: ShapeRuleContext): readonly (readonly number[])[];
}
