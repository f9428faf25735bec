import type { Tensor } from "@tensorflow/tfjs-core";
import type { TfNamespace } from "../kernels/tfjs-kernels.js";
import { convertLayout, type Layout } from "./value.js";

/** What an initializer is to training. */
export type ParameterRole =
  /** Trained: conv/linear weights and biases, batch-norm scale and offset. */
  | "weight"
  /** Updated by the forward pass in train mode, never by the optimiser: batch-norm running statistics. */
  | "buffer"
  /** Neither (normalisation constants and the like). */
  | "constant";

/** One initializer held by the engine. */
export interface Parameter {
  readonly name: string;
  readonly role: ParameterRole;
  /** Storage layout of {@link tensor} (hwio for conv weights, so the kernels need no transposes). */
  readonly layout: Layout;
  /** ONNX shape. */
  readonly shape: readonly number[];
  /** Current value, in {@link layout}; owned by the store. */
  readonly tensor: Tensor;
}

/**
 * The model's initializers as tensors in the layout the kernels want, with their roles. The
 * optimiser replaces weights through {@link set}; train-mode batch norm replaces buffers. The
 * store owns its tensors (kept out of any tidy scope) and disposes a replaced value.
 */
export class ParameterStore {
  private readonly entries = new Map<string, Parameter>();

  constructor(private readonly tf: TfNamespace) {}

  /** Adds an initializer given in ONNX layout; converts it to `layout`. */
  add(
    name: string,
    role: ParameterRole,
    layout: Layout,
    shape: readonly number[],
    values: Float32Array,
  ): void {
    const tf = this.tf;
    const tensor = tf.tidy(() =>
      convertLayout(tf, tf.tensor(values, [...shape], "float32"), "plain", layout, shape),
    );
    this.entries.set(name, { name, role, layout, shape, tensor: tf.keep(tensor) });
  }

  /** The parameter called `name`, if the model has it. */
  get(name: string): Parameter | undefined {
    return this.entries.get(name);
  }

  /** Whether `name` is a parameter. */
  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** All parameters, in model order. */
  all(): Parameter[] {
    return [...this.entries.values()];
  }

  /** Names of the trained weights, in model order. */
  weightNames(): string[] {
    return this.all()
      .filter((p) => p.role === "weight")
      .map((p) => p.name);
  }

  /** Replaces a value (same storage layout and shape); the store takes ownership, the old one is disposed. */
  set(name: string, tensor: Tensor): void {
    const old = this.entries.get(name);
    if (!old) throw new Error(`ParameterStore.set: no parameter '${name}'`);
    if (old.tensor.shape.join() !== tensor.shape.join())
      throw new Error(`ParameterStore.set: '${name}' has shape [${old.tensor.shape}], got [${tensor.shape}]`);
    if (old.tensor === tensor) return;
    this.entries.set(name, { ...old, tensor: this.tf.keep(tensor) });
    old.tensor.dispose();
  }

  /** Whether `t` is one of the store's current tensors (so a step's clean-up leaves it alone). */
  owns(t: Tensor): boolean {
    for (const p of this.entries.values()) if (p.tensor === t) return true;
    return false;
  }

  /** A tensor of the parameter's storage layout converted to ONNX layout (caller disposes). */
  toOnnxLayout(name: string, t: Tensor): Tensor {
    const p = this.entries.get(name);
    if (!p) throw new Error(`ParameterStore.toOnnxLayout: no parameter '${name}'`);
    return convertLayout(this.tf, t, p.layout, "plain", p.shape);
  }

  /** A tensor in ONNX layout converted to the parameter's storage layout (caller disposes). */
  fromOnnxLayout(name: string, t: Tensor): Tensor {
    const p = this.entries.get(name);
    if (!p) throw new Error(`ParameterStore.fromOnnxLayout: no parameter '${name}'`);
    return convertLayout(this.tf, t, "plain", p.layout, p.shape);
  }

  /** The current value of a parameter in ONNX layout. */
  async read(name: string): Promise<Float32Array> {
    const t = this.toOnnxLayout(name, (this.entries.get(name) as Parameter).tensor);
    const data = ((await t.data()) as Float32Array).slice();
    if (t !== this.entries.get(name)?.tensor) t.dispose();
    return data;
  }

  /** Synchronous {@link read} (blocks on the backend; fine on the CPU backends). */
  readSync(name: string): Float32Array {
    const t = this.toOnnxLayout(name, (this.entries.get(name) as Parameter).tensor);
    const data = (t.dataSync() as Float32Array).slice();
    if (t !== this.entries.get(name)?.tensor) t.dispose();
    return data;
  }

  /** Frees every tensor. */
  dispose(): void {
    for (const p of this.entries.values()) p.tensor.dispose();
    this.entries.clear();
  }
}
