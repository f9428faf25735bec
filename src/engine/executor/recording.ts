import type { Tensor } from "@tensorflow/tfjs-core";
import type { ExecutionPlan } from "./execution-plan.js";
import type { OnnxExecutor } from "./onnx-executor.js";
import type { TapeEntry } from "./run-plan.js";
import { convertLayout, type Layout } from "./value.js";

/** Which gradients {@link Recording.backward} computes. */
export interface BackwardOptions {
  /** Gradients of the trained weights (in their storage layout; see ParameterStore.toOnnxLayout). */
  readonly weights?: boolean;
  /** Gradient of the data input (its shape and layout as given). */
  readonly input?: boolean;
}

/** Gradients from {@link Recording.backward}; the caller owns (and disposes) the tensors. */
export interface Gradients {
  readonly weights: Map<string, Tensor>;
  readonly input?: Tensor;
}

/**
 * A recorded forward pass: its output, and a reverse-mode pass over the recorded nodes. Owns
 * every intermediate tensor, the output included; `dispose()` frees them.
 */
export class Recording {
  private readonly entries: TapeEntry[] = [];
  private readonly owned = new Set<Tensor>();
  private outputTensor: Tensor | undefined;
  /** Storage layout of the output value inside the plan, and its logical shape. */
  private outputLayout: Layout = "plain";
  private outputLogical: readonly number[] = [];
  private done = false;

  /** @internal */
  constructor(
    private readonly exe: OnnxExecutor,
    private readonly plan: ExecutionPlan,
    private readonly input: Tensor,
  ) {}

  /** @internal */
  push(entry: TapeEntry, tensors: readonly Tensor[]): void {
    this.entries.push(entry);
    this.adopt(tensors);
  }

  /** @internal */
  adopt(tensors: readonly Tensor[]): void {
    for (const t of tensors) this.owned.add(t);
  }

  /**
   * @internal
   * `t` is the plain output; `layout` is how the last op stored it (the gradient goes back to
   * that op in that layout).
   */
  setOutput(t: Tensor, layout: Layout = "plain", logicalShape: readonly number[] = t.shape): void {
    this.outputTensor = t;
    this.outputLayout = layout;
    this.outputLogical = logicalShape;
  }

  /** The model's (first) output, plain layout; owned by the recording. */
  get output(): Tensor {
    if (!this.outputTensor || this.done) throw new Error("the recording was disposed");
    return this.outputTensor;
  }

  /**
   * Back-propagates `dOutput` (the gradient of the loss with respect to {@link output}).
   * May be called more than once (e.g. several losses on one forward pass).
   */
  backward(dOutput: Tensor, options: BackwardOptions): Gradients {
    const { exe, plan } = this;
    const tf = exe.tf;
    const wantWeights = options.weights ?? false;
    const wantInput = options.input ?? false;
    const needs = (name: string): boolean =>
      name !== "" &&
      ((wantInput && plan.dependsOnInput.has(name)) || (wantWeights && plan.dependsOnWeights.has(name)));
    // dOutput comes in the plain layout of `output`; the op that produced it stored it in its own
    // layout (a final Conv: channels-last), and its backward expects the gradient in that one.
    const seed =
      this.outputLayout === "plain"
        ? dOutput
        : convertLayout(tf, dOutput, "plain", this.outputLayout, this.outputLogical);
    const grads = new Map<string, Tensor>([[exe.outputName, seed]]);
    const scratch = new Set<Tensor>();
    const accumulate = (name: string, g: Tensor) => {
      const old = grads.get(name);
      if (!old) {
        grads.set(name, g);
        return;
      }
      const sum = tf.add(old, g);
      scratch.add(old);
      scratch.add(g);
      grads.set(name, sum);
    };
    for (let e = this.entries.length - 1; e >= 0; e--) {
      const entry = this.entries[e];
      const { node } = entry.step;
      const dOutputs = node.outputs.map((o) => grads.get(o));
      if (dOutputs.every((g) => g === undefined)) continue;
      const need = node.inputs.map(needs);
      if (!need.some(Boolean)) continue;
      const dInputs = tf.tidy(() => {
        const raw = entry.backward(dOutputs, need);
        const out: Record<string, Tensor> = {};
        raw.forEach((g, k) => {
          if (!g || !need[k]) return;
          const from = entry.convertedFrom[k];
          const seen = entry.seenLayouts[k];
          out[k] =
            from !== undefined && seen !== undefined
              ? convertLayout(tf, g, seen, from, entry.ctx.inShape(k))
              : g;
        });
        return out;
      });
      for (const [k, g] of Object.entries(dInputs)) accumulate(node.inputs[Number(k)], g);
      for (const o of node.outputs) {
        const g = grads.get(o);
        if (g && o !== exe.inputName) scratch.add(g);
      }
    }
    const weights = new Map<string, Tensor>();
    if (wantWeights)
      for (const name of exe.params.weightNames()) {
        const g = grads.get(name);
        if (g) weights.set(name, g);
      }
    const input = wantInput ? grads.get(exe.inputName) : undefined;
    const result = new Set<Tensor>([...weights.values(), ...(input ? [input] : [])]);
    for (const g of grads.values()) scratch.add(g);
    scratch.delete(dOutput);
    for (const t of scratch) if (!result.has(t) && !this.owned.has(t)) t.dispose();
    // A gradient may be an intermediate the recording owns (Identity passes tensors through).
    for (const name of weights.keys()) {
      const g = weights.get(name) as Tensor;
      if (this.owned.has(g) || g === dOutput) weights.set(name, g.clone());
    }
    return { weights, input: input && (this.owned.has(input) || input === dOutput) ? input.clone() : input };
  }

  /** Frees every tensor of the forward pass (not the parameters, not the caller's input). */
  dispose(): void {
    if (this.done) return;
    this.done = true;
    for (const t of this.owned) if (t !== this.input && !this.exe.params.owns(t)) t.dispose();
    this.owned.clear();
    this.entries.length = 0;
  }
}
