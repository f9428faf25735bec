import type { Tensor } from "@tensorflow/tfjs-core";
import type { ParameterStore } from "../executor/parameter-store.js";
import type { TfNamespace } from "../kernels/tfjs-kernels.js";
import { isNativeTfBackend } from "../native/native-backend.js";
import { NativeMomentumSlots } from "../native/native-momentum.js";

/** Hyper-parameters of {@link MomentumSgd} (PyTorch's `torch.optim.SGD` semantics, dampening 0). */
export interface MomentumSgdOptions {
  readonly momentum: number;
  readonly weightDecay?: number;
  readonly nesterov?: boolean;
}

/**
 * SGD with momentum over a {@link ParameterStore}'s weights, as PyTorch does it:
 * g ← ∇ + λ·w; v ← μ·v + g; w ← w − lr·(nesterov ? g + μ·v : v). The velocity starts at the first
 * gradient (PyTorch's buffer initialisation). Gradients arrive in the weights' storage layout.
 * On the native backend the update is TF's fused ResourceApplyMomentum (same arithmetic, a
 * quarter of the ops).
 */
export class MomentumSgd {
  private readonly velocity = new Map<string, Tensor>();
  private readonly native: NativeMomentumSlots | undefined;
  /** Buffers read back from the native variables by the last {@link buffers} call. */
  private nativeBuffers = new Map<string, Tensor>();

  constructor(
    private readonly tf: TfNamespace,
    private readonly options: MomentumSgdOptions,
  ) {
    const backend = tf.backend();
    this.native = isNativeTfBackend(backend)
      ? new NativeMomentumSlots(tf, backend, options.momentum, options.nesterov ?? false)
      : undefined;
  }

  /** Applies one step with learning rate `lr`; the caller still owns (and disposes) `grads`. */
  step(params: ParameterStore, grads: ReadonlyMap<string, Tensor>, lr: number): void {
    const { tf } = this;
    const { momentum, weightDecay = 0, nesterov = false } = this.options;
    for (const [name, grad] of grads) {
      const p = params.get(name);
      if (p?.role !== "weight") continue;
      if (this.native) {
        const g = weightDecay !== 0 ? tf.tidy(() => tf.add(grad, tf.mul(p.tensor, weightDecay))) : grad;
        const next = this.native.update(name, p.tensor, g, lr);
        if (g !== grad) g.dispose();
        params.set(name, next);
        continue;
      }
      const old = this.velocity.get(name);
      const updated = tf.tidy(() => {
        const g = weightDecay !== 0 ? tf.add(grad, tf.mul(p.tensor, weightDecay)) : grad;
        const v = old ? tf.add(tf.mul(old, momentum), g) : g.clone();
        const direction = nesterov ? tf.add(g, tf.mul(v, momentum)) : v;
        return { v, w: tf.sub(p.tensor, tf.mul(direction, lr)) };
      });
      this.velocity.set(name, tf.keep(updated.v));
      old?.dispose();
      params.set(name, updated.w);
    }
  }

  /** The momentum buffers (for checkpoints), storage layout. */
  buffers(): ReadonlyMap<string, Tensor> {
    if (!this.native) return this.velocity;
    for (const t of this.nativeBuffers.values()) t.dispose();
    this.nativeBuffers = this.native.velocities();
    return this.nativeBuffers;
  }

  /** Sets a momentum buffer (checkpoint restore), storage layout; the optimiser takes ownership. */
  setBuffer(name: string, v: Tensor): void {
    if (this.native) {
      this.native.setVelocity(name, v);
      return;
    }
    const old = this.velocity.get(name);
    this.velocity.set(name, this.tf.keep(v));
    if (old !== v) old?.dispose();
  }

  /** Frees the momentum buffers. */
  dispose(): void {
    for (const v of this.velocity.values()) v.dispose();
    this.velocity.clear();
    for (const t of this.nativeBuffers.values()) t.dispose();
    this.nativeBuffers.clear();
    this.native?.dispose();
  }
}
