import type { Tensor } from "@tensorflow/tfjs-core";
import type { TfNamespace } from "../kernels/tfjs-kernels.js";
import { NativeAttrs, type NativeTfBackend } from "./native-backend.js";

interface Slot {
  readonly weight: Tensor;
  readonly accumulator: Tensor;
  /** The weight value last read from the variable: a different tensor means someone set the weight. */
  synced: Tensor | undefined;
}

let slotCounter = 0;

/**
 * Momentum SGD as TensorFlow's fused `ResourceApplyMomentum` on resource variables: one op a
 * weight (plus one read) instead of four element-wise ops. TF's update is PyTorch's: accum ←
 * μ·accum + g; w ← w − lr·accum (Nesterov: w ← w − lr·(g + μ·accum)); accum starts at 0, so the
 * first step sets it to g as PyTorch's buffer initialisation does.
 */
export class NativeMomentumSlots {
  private readonly slots = new Map<string, Slot>();
  /** Velocities set before the weight's first update (checkpoint restore). */
  private readonly pending = new Map<string, Tensor>();
  private readonly attrs: NativeAttrs;
  private momentumScalar: Tensor | undefined;

  constructor(
    private readonly tf: TfNamespace,
    private readonly native: NativeTfBackend,
    private readonly momentum: number,
    private readonly nesterov: boolean,
  ) {
    this.attrs = new NativeAttrs(native.binding);
  }

  private variable(shape: readonly number[]): Tensor {
    const a = this.attrs;
    slotCounter += 1;
    return this.native.executeMultipleOutputs(
      "VarHandleOp",
      [
        a.string("container", ""),
        a.string("shared_name", `normserve_momentum_${process.pid}_${slotCounter}`),
        a.float32("dtype"),
        { name: "shape", type: this.native.binding.TF_ATTR_SHAPE, value: [...shape] },
      ],
      [],
      1,
    )[0];
  }

  private assign(handle: Tensor, value: Tensor): void {
    this.native.executeMultipleOutputs("AssignVariableOp", [this.attrs.float32("dtype")], [handle, value], 0);
  }

  private read(handle: Tensor): Tensor {
    return this.native.executeMultipleOutputs(
      "ReadVariableOp",
      [this.attrs.float32("dtype")],
      [handle],
      1,
    )[0];
  }

  private slot(name: string, weight: Tensor): Slot {
    let slot = this.slots.get(name);
    if (!slot) {
      slot = {
        weight: this.variable(weight.shape),
        accumulator: this.variable(weight.shape),
        synced: undefined,
      };
      const start = this.pending.get(name) ?? this.tf.zerosLike(weight);
      this.assign(slot.accumulator, start);
      start.dispose();
      this.pending.delete(name);
      this.slots.set(name, slot);
    }
    if (slot.synced !== weight) this.assign(slot.weight, weight);
    return slot;
  }

  /** One update of weight `name` (current value `weight`); returns the new value (caller owns it). */
  update(name: string, weight: Tensor, grad: Tensor, lr: number): Tensor {
    const a = this.attrs;
    const slot = this.slot(name, weight);
    this.momentumScalar ??= this.tf.keep(this.tf.scalar(this.momentum));
    const lrScalar = this.tf.scalar(lr);
    this.native.executeMultipleOutputs(
      "ResourceApplyMomentum",
      [a.float32(), a.bool("use_locking", false), a.bool("use_nesterov", this.nesterov)],
      [slot.weight, slot.accumulator, lrScalar, grad, this.momentumScalar],
      0,
    );
    lrScalar.dispose();
    const next = this.read(slot.weight);
    slot.synced = next;
    return next;
  }

  /** Every momentum buffer as new tensors (caller owns them); pending ones as set. */
  velocities(): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    for (const [name, slot] of this.slots) out.set(name, this.read(slot.accumulator));
    for (const [name, v] of this.pending) out.set(name, v.clone());
    return out;
  }

  /** Sets the momentum buffer of `name` (checkpoint restore); takes ownership of `velocity`. */
  setVelocity(name: string, velocity: Tensor): void {
    const slot = this.slots.get(name);
    if (!slot) {
      this.pending.get(name)?.dispose();
      this.pending.set(name, this.tf.keep(velocity));
      return;
    }
    this.assign(slot.accumulator, velocity);
    velocity.dispose();
  }

  /** Destroys the variables. */
  dispose(): void {
    const a = this.attrs;
    for (const slot of this.slots.values()) {
      for (const handle of [slot.weight, slot.accumulator]) {
        this.native.executeMultipleOutputs(
          "DestroyResourceOp",
          [a.bool("ignore_lookup_error", true)],
          [handle],
          0,
        );
        handle.dispose();
      }
    }
    this.slots.clear();
    for (const v of this.pending.values()) v.dispose();
    this.pending.clear();
    this.momentumScalar?.dispose();
    this.momentumScalar = undefined;
  }
}
