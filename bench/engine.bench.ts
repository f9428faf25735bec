/**
 * Engine benchmarks: a training step (train-mode forward, softmax cross-entropy, backward, SGD
 * with momentum), the eval-mode forward + input gradient that attacks use, and inference, for the
 * small 28×28 CNN (batch 64) and ResNet-18 (width 0.25, 32×32, batch 32), on each available
 * backend. Baselines measured in the same run: PyTorch CPU with the same thread count (Debian's
 * python3-torch; OpenBLAS must be the active BLAS) and onnxruntime-node for inference.
 *
 * Env: BENCH_BACKENDS (default "tensorflow,wasm"; add cpu at your peril: ~30 s a step),
 * BENCH_FILTER (regex on "small_cnn" / "resnet18"), BENCH_THREADS (default 2).
 */
import { execFileSync } from "node:child_process";
import * as tf from "@tensorflow/tfjs-core";
import * as ort from "onnxruntime-node";
import type { BackendName } from "../src/engine/backend/backend-info.js";
import { selectBackend } from "../src/engine/backend/select-backend.js";
import { createKernels } from "../src/engine/create-kernels.js";
import { OnnxExecutor } from "../src/engine/executor/onnx-executor.js";
import { MomentumSgd } from "../src/engine/optim/momentum-sgd.js";
import { buildZooModel } from "../src/onnx/zoo/index.js";

const filter = new RegExp(process.env.BENCH_FILTER ?? ".");
const threads = Number(process.env.BENCH_THREADS ?? 2);
const backends = (process.env.BENCH_BACKENDS ?? "tensorflow,wasm").split(",") as BackendName[];

interface Case {
  readonly model: "small_cnn" | "resnet18";
  readonly width: number;
  readonly batch: number;
  readonly shape: [number, number, number, number];
}
const CASES: Case[] = [
  { model: "small_cnn", width: 1, batch: 64, shape: [64, 1, 28, 28] },
  { model: "resnet18", width: 0.25, batch: 32, shape: [32, 3, 32, 32] },
].filter((c) => filter.test(c.model)) as Case[];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function timeMs(fn: () => Promise<void> | void, warmup: number, runs: number): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

interface TorchFigures {
  train_ms: number;
  input_grad_ms: number;
  infer_ms: number;
  torch: string;
  blas: string;
}

function torchFigures(): Map<string, TorchFigures> {
  const out = new Map<string, TorchFigures>();
  try {
    const text = execFileSync(
      "/usr/bin/python3",
      [
        "bench/reference/torch_engine_steps.py",
        String(threads),
        ...CASES.map((c) => `${c.model}:${c.width}:${c.batch}`),
      ],
      { encoding: "utf8", env: { ...process.env, OMP_NUM_THREADS: String(threads) } },
    );
    for (const line of text.trim().split("\n")) {
      const r = JSON.parse(line) as TorchFigures & { case: string };
      out.set(r.case.replace(/:1\.0:/, ":1:"), r);
    }
  } catch (error) {
    console.log(`PyTorch reference unavailable: ${(error as Error).message.split("\n")[0]}`);
  }
  return out;
}

async function ortImagesPerSecond(bytes: Uint8Array, c: Case): Promise<number> {
  const session = await ort.InferenceSession.create(bytes, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
  });
  const x = new ort.Tensor(
    "float32",
    new Float32Array(c.shape.reduce((a, b) => a * b, 1)).fill(0.5),
    c.shape,
  );
  const ms = await timeMs(() => session.run({ [session.inputNames[0]]: x }).then(() => undefined), 3, 15);
  await session.release();
  return (c.batch / ms) * 1000;
}

async function engineFigures(bytes: Uint8Array, c: Case, backend: string) {
  const kernels = createKernels();
  const exe = OnnxExecutor.create(bytes, { tf, kernels, seed: 1 });
  const x = tf.randomUniform(c.shape, 0, 1, "float32", 7);
  const labels = tf.tensor1d(
    Array.from({ length: c.batch }, (_, i) => i % 10),
    "int32",
  );
  const sgd = new MomentumSgd(tf, { momentum: 0.9 });
  const slow = backend !== "tensorflow";
  const trainStep = async () => {
    const rec = exe.record(x, "train");
    try {
      const { loss, dLogits } = kernels.softmaxCrossEntropy(rec.output, labels);
      const d = tf.div(dLogits, c.batch);
      const g = rec.backward(d, { weights: true });
      sgd.step(exe.params, g.weights, 0.01);
      await loss.data(); // the step is done when its loss can be read
      tf.dispose([loss, dLogits, d, ...g.weights.values()]);
    } finally {
      rec.dispose();
    }
  };
  const inputGrad = async () => {
    const rec = exe.record(x, "eval");
    try {
      const { loss, dLogits } = kernels.softmaxCrossEntropy(rec.output, labels);
      const d = tf.div(dLogits, c.batch);
      const g = rec.backward(d, { input: true });
      await g.input?.data();
      tf.dispose([loss, dLogits, d, ...(g.input ? [g.input] : [])]);
    } finally {
      rec.dispose();
    }
  };
  const infer = async () => {
    const y = exe.forward(x, "eval");
    await y.data();
    y.dispose();
  };
  const runs = slow ? 3 : c.model === "small_cnn" ? 40 : 15;
  const train = await timeMs(trainStep, slow ? 1 : 5, runs);
  const grad = await timeMs(inputGrad, slow ? 1 : 3, runs);
  const inferMs = await timeMs(infer, slow ? 1 : 3, runs);
  tf.dispose([x, labels]);
  sgd.dispose();
  exe.dispose();
  return { train, grad, imagesPerSecond: (c.batch / inferMs) * 1000 };
}

async function main(): Promise<void> {
  console.log(`threads ${threads}; PyTorch reference first (same run)`);
  const torch = torchFigures();
  const first = [...torch.values()][0];
  if (first) console.log(`PyTorch ${first.torch}, BLAS ${first.blas}`);
  const rows: string[] = [];
  for (const c of CASES) {
    const key = `${c.model}:${c.width}:${c.batch}`;
    const bytes = buildZooModel(c.model, { widthMultiplier: c.width, seed: 1 });
    const ortIps = await ortImagesPerSecond(bytes, c);
    const t = torch.get(key);
    for (const backend of backends) {
      const info = await selectBackend({ backend }).catch(() => undefined);
      if (!info || info.name !== backend) {
        rows.push(`${key.padEnd(22)} ${backend.padEnd(10)} unavailable`);
        continue;
      }
      const f = await engineFigures(bytes, c, backend);
      const ratio = (ms: number, ref?: number) => (ref ? `${(ms / ref).toFixed(2)}×` : "n/a");
      rows.push(
        `${key.padEnd(22)} ${backend.padEnd(10)} train ${f.train.toFixed(1).padStart(8)} ms (${ratio(f.train, t?.train_ms)} PyTorch ${t?.train_ms.toFixed(1) ?? "?"})` +
          `   fwd+input-grad ${f.grad.toFixed(1).padStart(8)} ms (${ratio(f.grad, t?.input_grad_ms)} PyTorch ${t?.input_grad_ms.toFixed(1) ?? "?"})` +
          `   inference ${f.imagesPerSecond.toFixed(0).padStart(6)} img/s (onnxruntime ${ortIps.toFixed(0)} img/s, ${(f.imagesPerSecond / ortIps).toFixed(2)}×; PyTorch ${t ? ((c.batch / t.infer_ms) * 1000).toFixed(0) : "?"} img/s)`,
      );
      console.log(rows[rows.length - 1]);
    }
  }
  console.log("\nSummary (ratio = engine time / PyTorch time in this run; < 1 is faster):");
  for (const r of rows) console.log(r);
}

await main();
