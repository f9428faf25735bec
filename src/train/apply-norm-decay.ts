import type { Tensor } from "@tensorflow/tfjs-core";
import type { OnnxExecutor } from "../engine/executor/onnx-executor.js";
import { modelNormDecay } from "../norms/model-norm-decay.js";
import type { CurrentLayers } from "./current-layers.js";
import type { NormDecayConfig } from "./train-config.js";
import type { TrainDecaySession } from "./train-decay-session.js";
import { permutesOnCpu, storageValues } from "./weight-layout.js";

/**
 * One norm-decay step (DESIGN §2) on a training step's gradients, through the same code as the
 * NormDecay RPC (`modelNormDecay`): the maximisers of the current weights (batch norm with the
 * current running variance), `G ← μ·G`, `G` := subgradient at the maximiser, then
 * `grads[w] += β·G` (converted from ONNX to the weight's storage layout). Replaces the changed
 * gradient tensors in `grads` (disposing the old ones).
 */
export function applyNormDecay(
  exe: OnnxExecutor,
  layers: CurrentLayers,
  config: NormDecayConfig,
  session: TrainDecaySession,
  grads: Map<string, Tensor>,
): void {
  const tf = exe.tf;
  const current = layers.read(exe.params, config.kinds);
  const outcomes = modelNormDecay(current, {
    norm: config.norm,
    beta: config.beta,
    momentum: config.momentum,
    kinds: config.kinds,
    state: { session, reserve: () => undefined },
    weightsChecked: true,
  });
  for (const outcome of outcomes) {
    const name = outcome.layer.weightName;
    const grad = grads.get(name);
    const param = exe.params.get(name);
    if (outcome.decay === undefined || grad === undefined || param === undefined) continue;
    const values = outcome.decay instanceof Float32Array ? outcome.decay : Float32Array.from(outcome.decay);
    const sum = tf.tidy(() =>
      permutesOnCpu(param)
        ? tf.add(grad, tf.tensor(storageValues(param, values), grad.shape, "float32"))
        : tf.add(grad, exe.params.fromOnnxLayout(name, tf.tensor(values, [...param.shape], "float32"))),
    );
    grads.set(name, sum);
    grad.dispose();
  }
}
