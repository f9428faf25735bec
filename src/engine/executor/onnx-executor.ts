import type { Tensor } from "@tensorflow/tfjs-core";
import { invalidArgument } from "../../errors/normserve-error.js";
import { mulberry32Advance, mulberry32Word } from "../../math/mulberry32.js";
import { decodeModelProto } from "../../onnx/decode-model-proto.js";
import { type IndexedGraph, indexGraph } from "../../onnx/graph-index.js";
import { decodeFloatTensor, decodeNumericTensor } from "../../onnx/initializer-data.js";
import { OnnxDataType } from "../../onnx/onnx-data-type.js";
import type { Kernels } from "../kernels/kernels.js";
import type { TfNamespace } from "../kernels/tfjs-kernels.js";
import { compileExecutionPlan, type ExecutionPlan } from "./execution-plan.js";
import type { ExecutionMode } from "./op-impl.js";
import { placeInitializers } from "./parameter-roles.js";
import { ParameterStore } from "./parameter-store.js";
import { Recording } from "./recording.js";
import { runPlan } from "./run-plan.js";

/** Options of {@link OnnxExecutor.create}. */
export interface ExecutorOptions {
  readonly tf: TfNamespace;
  readonly kernels: Kernels;
  /** Seed of the executor's random stream (dropout masks). */
  readonly seed?: number;
}

const FLOAT_TYPES: ReadonlySet<number> = new Set([
  OnnxDataType.FLOAT,
  OnnxDataType.DOUBLE,
  OnnxDataType.FLOAT16,
  OnnxDataType.BFLOAT16,
]);

/**
 * Runs an ONNX model forward and backward on a tfjs backend: one reverse-mode pass over the ONNX
 * nodes, each op's forward and backward written once against {@link Kernels}. The initializers
 * live in a {@link ParameterStore} (trained weights, batch-norm buffers, constants), shared by
 * the plans compiled per input shape.
 */
export class OnnxExecutor {
  /** The model's initializers as tensors. */
  readonly params: ParameterStore;
  /** Name of the data input and of the output the executor returns (the first of each). */
  readonly inputName: string;
  readonly outputName: string;
  private readonly plans = new Map<string, ExecutionPlan>();
  private readonly weightNames: ReadonlySet<string>;
  private seedState: number;

  private constructor(
    readonly tf: TfNamespace,
    readonly kernels: Kernels,
    readonly graph: IndexedGraph,
    /** The model bytes the executor was built from (the writer puts trained weights back into them). */
    readonly modelBytes: Uint8Array,
    seed: number,
  ) {
    this.params = new ParameterStore(tf);
    const floatNames = new Set(
      graph.initializerNames.filter((n) => FLOAT_TYPES.has(graph.constants.get(n)?.dataType ?? -1)),
    );
    for (const [name, place] of placeInitializers(graph, floatNames)) {
      const tensor = graph.constants.get(name);
      if (!tensor) continue;
      const decoded = decodeFloatTensor(tensor);
      const values = decoded instanceof Float32Array ? decoded : Float32Array.from(decoded);
      this.params.add(name, place.role, place.layout, tensor.dims, values);
    }
    this.weightNames = new Set(this.params.weightNames());
    if (graph.dataInputs.length === 0) throw invalidArgument("the model has no data input");
    this.inputName = graph.dataInputs[0].name ?? "";
    this.outputName = graph.outputs[0] ?? "";
    this.seedState = seed >>> 0;
  }

  /**
   * Builds an executor from ONNX bytes.
   * @throws INVALID_ARGUMENT for malformed models; FAILED_PRECONDITION (at first run for a shape)
   *   for ops the engine does not support, naming the node.
   */
  static create(bytes: Uint8Array, options: ExecutorOptions): OnnxExecutor {
    const graph = indexGraph(decodeModelProto(bytes));
    return new OnnxExecutor(options.tf, options.kernels, graph, bytes, options.seed ?? 0);
  }

  /** The plan for an input shape (compiled once, then cached). */
  plan(inputShape: readonly number[]): ExecutionPlan {
    const key = inputShape.join("x");
    let plan = this.plans.get(key);
    if (!plan) {
      plan = compileExecutionPlan(this.graph, inputShape, this.weightNames);
      this.plans.set(key, plan);
    }
    return plan;
  }

  /** Values of a small constant of the graph (initializer, Constant output or folded), if any. */
  constantValues(plan: ExecutionPlan, name: string): readonly number[] | undefined {
    return plan.state.valuesOf(name);
  }

  /** A constant input as a float32 tensor (initializers not held as parameters, folded values). */
  constantTensor(plan: ExecutionPlan, name: string): Tensor | undefined {
    const tf = this.tf;
    const folded = plan.state.folded.get(name);
    const shape = plan.state.shapes.get(name);
    if (folded && shape) return tf.tensor(Float32Array.from(folded), [...shape], "float32");
    const tensor = this.graph.constants.get(name);
    if (!tensor) return undefined;
    const values = FLOAT_TYPES.has(tensor.dataType) ? decodeFloatTensor(tensor) : decodeNumericTensor(tensor);
    return tf.tensor(Float32Array.from(values), [...tensor.dims], "float32");
  }

  /**
   * Where the executor's random stream (the one {@link nextSeed} draws from, e.g. Dropout's masks)
   * stands: a uint32 that {@link restoreRandomState} takes back, so a resumed run continues it.
   */
  get randomState(): number {
    return this.seedState;
  }

  /**
   * Puts the random stream back where {@link randomState} read it.
   * @throws INVALID_ARGUMENT unless `state` is a uint32.
   */
  restoreRandomState(state: number): void {
    if (!Number.isInteger(state) || state < 0 || state > 0xffffffff)
      throw invalidArgument(`restoreRandomState: state must be a uint32, got ${state}`);
    this.seedState = state;
  }

  /** A fresh seed from the executor's stream (mulberry32 steps). */
  nextSeed(): number {
    this.seedState = mulberry32Advance(this.seedState);
    return mulberry32Word(this.seedState);
  }

  private checkInput(x: Tensor): void {
    if (x.dtype !== "float32")
      throw invalidArgument(`input '${this.inputName}' must be float32, got ${x.dtype}`);
  }

  /**
   * Inference (or a train-mode forward without gradients): returns the first output, plain
   * layout; intermediate values are freed as soon as no later node reads them.
   */
  forward(x: Tensor, mode: ExecutionMode = "eval"): Tensor {
    this.checkInput(x);
    return runPlan(this, this.plan(x.shape), x, mode, undefined).output;
  }

  /**
   * A forward pass that records what the backward pass needs. Call `backward` with the gradient
   * of the loss with respect to the output, then `dispose` (always, e.g. in `finally`).
   */
  record(x: Tensor, mode: ExecutionMode): Recording {
    this.checkInput(x);
    const plan = this.plan(x.shape);
    const tape = new Recording(this, plan, x);
    const { output, layout, logicalShape } = runPlan(this, plan, x, mode, tape);
    tape.setOutput(output, layout, logicalShape);
    return tape;
  }

  /** Frees the parameters and cached plans. */
  dispose(): void {
    this.params.dispose();
    this.plans.clear();
  }
}
