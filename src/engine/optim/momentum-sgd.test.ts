import { expect, it } from "vitest";
import { buildModel, node } from "../../onnx/testing/onnx-builder.js";
import { floatTensor } from "../../onnx/testing/tensors.js";
import { OnnxExecutor } from "../executor/onnx-executor.js";
import { describeWithBackends } from "../testing/describe-with-backends.js";
import { MomentumSgd } from "./momentum-sgd.js";

/** A one-Gemm model: its weight [2, 3] is what the optimiser updates. */
function gemmModel(): Uint8Array {
  return buildModel({
    inputs: [{ name: "x", shape: [1, 3] }],
    nodes: [node("Gemm", ["x", "w"], ["y"], { transB: 1 })],
    initializers: [floatTensor("w", [2, 3], [1, -2, 3, 0.5, 0, -1])],
  });
}

/** PyTorch's SGD in float64: g ← ∇ + λw; v ← μv + g (v = g first); w ← w − lr·(nesterov ? g + μv : v). */
function reference(
  w0: number[],
  grads: number[][],
  lrs: number[],
  mu: number,
  wd: number,
  nesterov: boolean,
): number[] {
  const w = [...w0];
  let v: number[] | undefined;
  grads.forEach((grad, step) => {
    const g = grad.map((gi, i) => gi + wd * w[i]);
    v = v ? v.map((vi, i) => mu * vi + g[i]) : [...g];
    const vv = v;
    for (let i = 0; i < w.length; i++) w[i] -= lrs[step] * (nesterov ? g[i] + mu * vv[i] : vv[i]);
  });
  return w;
}

describeWithBackends("MomentumSgd", (env) => {
  for (const [nesterov, wd] of [
    [false, 0],
    [true, 0],
    [false, 0.01],
    [true, 0.05],
  ] as const) {
    it(`matches PyTorch's SGD over 3 steps (nesterov=${nesterov}, weight decay ${wd})`, () => {
      const { tf, kernels } = env;
      const exe = OnnxExecutor.create(gemmModel(), { tf, kernels });
      const sgd = new MomentumSgd(tf, { momentum: 0.9, weightDecay: wd, nesterov });
      const grads = [
        [0.1, -0.2, 0.3, 0.4, -0.5, 0.6],
        [1, 1, -1, 0, 2, -2],
        [-0.3, 0.2, 0.1, 0.05, 0, 1],
      ];
      const lrs = [0.1, 0.05, 0.2];
      try {
        grads.forEach((g, step) => {
          const t = tf.tensor(g, [2, 3]);
          sgd.step(exe.params, new Map([["w", t]]), lrs[step]);
          t.dispose();
        });
        const got = Array.from(exe.params.readSync("w"));
        const want = reference([1, -2, 3, 0.5, 0, -1], grads, lrs, 0.9, wd, nesterov);
        for (const [i, x] of got.entries()) expect(x).toBeCloseTo(want[i], 5);
        // The momentum buffer round-trips through buffers()/setBuffer (checkpoints).
        const v = Array.from(sgd.buffers().get("w")?.dataSync() ?? []);
        expect(v).toHaveLength(6);
      } finally {
        sgd.dispose();
        exe.dispose();
      }
    });
  }
});
