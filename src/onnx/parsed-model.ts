import type { LinearOperatorLayer } from "../norms/linear-layer.js";
import type { OpRegistry } from "./ops/op-registry.js";

/** One graph node as listed in a {@link GraphSummary}. */
export interface GraphNodeSummary {
  /** Unique node name (`<opType>_<index>` when the model has none). */
  readonly name: string;
  readonly opType: string;
  /** Operator domain ("" for the default ONNX domain). */
  readonly domain: string;
  /** Input tensor names ("" for an omitted optional input). */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Scalar and list attributes (ints, floats, strings); tensor and graph attributes left out. */
  readonly attributes: Readonly<Record<string, number | readonly number[] | string>>;
}

/**
 * The model graph as the parser understood it. Structurally a superset of the network-level
 * view (`NetworkGraph` in src/norms): nodes, data inputs and outputs, constants and shapes.
 */
export interface GraphSummary {
  /** Default-domain opset the model imports. */
  readonly opsetVersion: number;
  /** Nodes in topological order. */
  readonly nodes: readonly GraphNodeSummary[];
  /** Initializer names, in model order. */
  readonly initializerNames: readonly string[];
  /** Graph inputs that are not initializers. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Inferred shape per tensor name, batch INCLUDED; tensors of unknown shape are absent. */
  readonly shapes: ReadonlyMap<string, readonly number[]>;
  /** Whether a tensor is constant: an initializer, a Constant output, or folded from constants. */
  readonly isConstant: (name: string) => boolean;
  /** Values of a constant tensor of up to 65 536 float or integer elements; undefined otherwise. */
  readonly constantValues: (name: string) => ArrayLike<number> | undefined;
  /** Inferred shape of a tensor (batch included), when known. */
  readonly shapeOf: (name: string) => readonly number[] | undefined;
}

/** What {@link parseOnnxModel} returns. */
export interface ParsedModel {
  /** Linear layers (Conv, ConvTranspose, Gemm, MatMul, BatchNormalization) in graph order. */
  readonly layers: LinearOperatorLayer[];
  readonly graph: GraphSummary;
}

/** Options of {@link parseOnnxModel}. */
export interface ParseOnnxOptions {
  /** Shape of the first data input, batch included; overrides the declared one. */
  readonly inputShape?: readonly number[];
  /** Shape rules to use (default: every rule normserve ships). @internal */
  readonly registry?: OpRegistry;
}
