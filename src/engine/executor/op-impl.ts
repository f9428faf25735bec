import type { Tensor } from "@tensorflow/tfjs-core";
import type { GraphNode } from "../../onnx/graph-index.js";
import type { Kernels } from "../kernels/kernels.js";
import type { TfNamespace } from "../kernels/tfjs-kernels.js";
import type { Layout, Value } from "./value.js";

/** Train mode uses batch statistics and dropout; eval mode running statistics and no dropout. */
export type ExecutionMode = "train" | "eval";

/** What an op sees of the graph and the engine while it runs. */
export interface OpContext {
  readonly tf: TfNamespace;
  readonly kernels: Kernels;
  readonly node: GraphNode;
  readonly mode: ExecutionMode;
  /** The model's default-domain opset. */
  readonly opset: number;
  /** Logical (ONNX) shape of input `k`, batch included. */
  inShape(k: number): readonly number[];
  /** Logical shape of output `k`. */
  outShape(k: number): readonly number[];
  /** Values of input `k` when it is a small constant (shape operands, pads, axes, clip bounds). */
  constantInput(k: number): readonly number[] | undefined;
  /** Whether input `k` is a constant of the graph (never differentiated). */
  isConstantInput(k: number): boolean;
  /** In train mode: the new value of the persistent buffer feeding input `k` (BN running stats). */
  updateBuffer(k: number, value: Tensor): void;
  /** A fresh seed for this op's randomness (dropout), drawn from the executor's seeded stream. */
  nextSeed(): number;
}

/** Gradients of an op's inputs given those of its outputs (undefined: no gradient flows). */
export type OpBackward = (
  dOutputs: readonly (Tensor | undefined)[],
  needInput: readonly boolean[],
) => (Tensor | undefined)[];

/** What an op's forward returns. */
export interface OpResult {
  readonly outputs: readonly Value[];
  /** Tensors the backward closure uses besides the inputs; the executor disposes them. */
  readonly saved?: readonly Tensor[];
  /** Undefined for ops that pass no gradient (their outputs do not depend on inputs smoothly). */
  readonly backward?: OpBackward;
}

/**
 * One ONNX op: its forward and its backward, written once against {@link Kernels} and the tfjs
 * namespace. Backward gradients come in the layouts of the outputs and go out in the layouts the
 * inputs had when the forward saw them.
 */
export interface OpImpl {
  readonly opType: string;
  /** Layout each input must arrive in; "any" (the default) takes it as stored. */
  inputLayouts?(ctx: OpContext): readonly (Layout | "any")[];
  forward(ctx: OpContext, inputs: readonly (Value | undefined)[]): OpResult;
}
