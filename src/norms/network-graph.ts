/** One node of a model graph, as the network-level bound sees it. */
export interface NetworkNode {
  readonly name: string;
  readonly opType: string;
  /** Input tensor names ("" for an omitted optional input). */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Integer-list and scalar attributes the bound needs (kernel_shape, strides, pads, alpha, …). */
  readonly attributes: Readonly<Record<string, number | readonly number[] | string>>;
}

/**
 * A model graph reduced to what network-level figures need: nodes in topological order, which
 * tensors are constants (with their values when small), the graph's data inputs and outputs,
 * and the shapes inferred for tensors (batch included).
 */
export interface NetworkGraph {
  readonly nodes: readonly NetworkNode[];
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Names of constant tensors (initializers and Constant outputs). */
  readonly isConstant: (name: string) => boolean;
  /** Values of a constant tensor, when it is a small float tensor; undefined otherwise. */
  readonly constantValues: (name: string) => ArrayLike<number> | undefined;
  /** Inferred shape of a tensor, batch included, when known. */
  readonly shapeOf: (name: string) => readonly number[] | undefined;
}
