/**
 * Op profile of one native training step (train-mode forward, cross-entropy, backward, momentum SGD):
 * every TF op the step runs, with its count and the time spent in it. Usage:
 * `node --import tsx bench/profile-train-step.ts [resnet18|small_cnn]` (tensorflow backend).
 */
import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "../src/engine/backend/select-backend.js";
import { createKernels } from "../src/engine/create-kernels.js";
import { OnnxExecutor } from "../src/engine/executor/onnx-executor.js";
import { MomentumSgd } from "../src/engine/optim/momentum-sgd.js";
import { buildZooModel } from "../src/onnx/zoo/index.js";

await selectBackend({ backend: "tensorflow" });
const kernels = createKernels();
const model = process.argv[2] ?? "resnet18";
const exe = OnnxExecutor.create(
  buildZooModel(model as "resnet18", { widthMultiplier: model === "resnet18" ? 0.25 : 1 }),
  { tf, kernels },
);
const shape = model === "resnet18" ? [32, 3, 32, 32] : [64, 1, 28, 28];
const x = tf.randomUniform(shape, 0, 1, "float32", 7);
const labels = tf.tensor1d(
  Array.from({ length: shape[0] }, (_, i) => i % 10),
  "int32",
);
const sgd = new MomentumSgd(tf, { momentum: 0.9 });
const be = tf.backend() as unknown as Record<string, (...a: unknown[]) => unknown>;
const counts = new Map<string, number>();
const times = new Map<string, number>();
let on = false;
for (const m of ["executeSingleOutput", "executeMultipleOutputs"]) {
  const orig = be[m].bind(be);
  be[m] = (name: unknown, ...rest: unknown[]) => {
    const t0 = performance.now();
    const r = orig(name, ...rest);
    if (on) {
      const dt = performance.now() - t0;
      counts.set(String(name), (counts.get(String(name)) ?? 0) + 1);
      times.set(String(name), (times.get(String(name)) ?? 0) + dt);
    }
    return r;
  };
}
const step = () => {
  const rec = exe.record(x, "train");
  const { loss, dLogits } = kernels.softmaxCrossEntropy(rec.output, labels);
  const d = tf.div(dLogits, shape[0]);
  const g = rec.backward(d, { weights: true });
  sgd.step(exe.params, g.weights, 0.01);
  loss.dataSync();
  tf.dispose([loss, dLogits, d, ...g.weights.values()]);
  rec.dispose();
};
step();
step();
step();
on = true;
const t0 = performance.now();
step();
const wall = performance.now() - t0;
on = false;
const rows = [...counts].map(([k, n]) => [k, n, times.get(k) ?? 0] as const).sort((a, b) => b[2] - a[2]);
let total = 0,
  tt = 0;
for (const [k, n, t] of rows) {
  total += n;
  tt += t;
  console.log(k.padEnd(32), String(n).padStart(5), t.toFixed(2).padStart(9));
}
console.log("total ops", total, "op ms", tt.toFixed(1), "wall", wall.toFixed(1));
