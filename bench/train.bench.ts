/**
 * Train benchmarks: training throughput (examples/s) of the Train job's step (src/train
 * trainStep: train-mode forward, cross-entropy, backward, norm decay L∞ β=1e-3 μ=0.9 on conv,
 * linear and BN with the exact maximiser, momentum SGD with weight decay) for the small 28×28 CNN
 * (batch 64) and ResNet-18 (width 0.25, 32×32, batch 32), against PyTorch CPU training the same
 * zoo network with the paper's own norm-decay code (bench/reference/torch_train_norm_decay.py),
 * measured in the same run with the same thread count; and the norm-decay share of our step.
 *
 * Env: BENCH_BACKENDS (default "tensorflow"), BENCH_FILTER (regex on the model), BENCH_THREADS
 * (default 2), BENCH_ROUNDS (default 2: alternating PyTorch / ours rounds, fastest kept per side).
 */
import { execFileSync } from "node:child_process";
import * as tf from "@tensorflow/tfjs-core";
import { batches, syntheticDataset } from "../src/data/index.js";
import type { BackendName } from "../src/engine/backend/backend-info.js";
import { selectBackend } from "../src/engine/backend/select-backend.js";
import { createKernels } from "../src/engine/create-kernels.js";
import { OnnxExecutor } from "../src/engine/executor/onnx-executor.js";
import { MomentumSgd } from "../src/engine/optim/momentum-sgd.js";
import { parseOnnxModel } from "../src/onnx/parse-onnx-model.js";
import { buildZooModel } from "../src/onnx/zoo/index.js";
import { CurrentLayers } from "../src/train/current-layers.js";
import { TrainDecaySession } from "../src/train/train-decay-session.js";
import { trainStep } from "../src/train/train-step.js";

const filter = new RegExp(process.env.BENCH_FILTER ?? ".");
const threads = Number(process.env.BENCH_THREADS ?? 2);
const backends = (process.env.BENCH_BACKENDS ?? "tensorflow").split(",") as BackendName[];
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);

interface Case {
  readonly model: "small_cnn" | "resnet18";
  readonly width: number;
  readonly batch: number;
  readonly image: [number, number, number];
  readonly runs: number;
}
const CASES = (
  [
    { model: "small_cnn", width: 1, batch: 64, image: [1, 28, 28], runs: 30 },
    { model: "resnet18", width: 0.25, batch: 32, image: [3, 32, 32], runs: 15 },
  ] as Case[]
).filter((c) => filter.test(c.model));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface TorchFigures {
  readonly case: string;
  readonly step_ms: number;
  readonly examples_per_second: number;
  readonly decay_ms: number;
  readonly torch: string;
  readonly blas: string;
}

function torchFigures(): Map<string, TorchFigures> {
  const out = new Map<string, TorchFigures>();
  try {
    const text = execFileSync(
      "/usr/bin/python3",
      [
        "bench/reference/torch_train_norm_decay.py",
        String(threads),
        ...CASES.map((c) => `${c.model}:${c.width}:${c.batch}`),
      ],
      { encoding: "utf8", env: { ...process.env, OMP_NUM_THREADS: String(threads) } },
    );
    for (const line of text.trim().split("\n")) {
      const r = JSON.parse(line) as TorchFigures;
      out.set(r.case.replace(/:1\.0:/, ":1:"), r);
    }
  } catch (error) {
    console.log(`PyTorch reference unavailable: ${(error as Error).message.split("\n")[0]}`);
  }
  return out;
}

async function ours(c: Case, withDecay: boolean): Promise<{ stepMs: number; decayMs: number }> {
  const kernels = createKernels();
  const bytes = buildZooModel(c.model, { widthMultiplier: c.width, seed: 1 });
  const exe = OnnxExecutor.create(bytes, { tf, kernels, seed: 1 });
  const sgd = new MomentumSgd(tf, { momentum: 0.9, weightDecay: 5e-4 });
  try {
    const layers = CurrentLayers.create(
      parseOnnxModel(bytes, { inputShape: [1, ...c.image] }).layers,
      exe.params,
    );
    const kinds = new Set(["conv", "convTranspose", "linear", "batchNorm"] as const);
    const decay = withDecay
      ? {
          config: { norm: "linf" as const, beta: 1e-3, momentum: 0.9, kinds },
          session: new TrainDecaySession(),
        }
      : undefined;
    const data = syntheticDataset({ n: c.batch, imageShape: c.image, classes: 10, seed: 3 });
    const batch = [...batches(data, { batchSize: c.batch })][0];
    const ctx = { exe, sgd, layers, decay };
    const steps: number[] = [];
    const decays: number[] = [];
    for (let i = 0; i < 5 + c.runs; i++) {
      const t0 = performance.now();
      const outcome = await trainStep(ctx, batch, 0.01, 0);
      if (i >= 5) {
        steps.push(performance.now() - t0);
        decays.push(outcome.decayMs);
      }
    }
    return { stepMs: median(steps), decayMs: median(decays) };
  } finally {
    sgd.dispose();
    exe.dispose();
  }
}

/** Keeps the faster of two measurements (the other was hit by a neighbour on the shared cores). */
function best<T extends { readonly stepMs: number }>(a: T | undefined, b: T): T {
  return a === undefined || b.stepMs < a.stepMs ? b : a;
}

async function main(): Promise<void> {
  for (const backend of backends) {
    const info = await selectBackend({ backend });
    if (info.name !== backend) {
      console.log(`${backend}: unavailable (${info.fallbackReason ?? info.name})`);
      continue;
    }
    const results = new Map<
      string,
      {
        plain?: { stepMs: number };
        decayed?: { stepMs: number; decayMs: number };
        torch?: TorchFigures & { stepMs: number };
      }
    >();
    // Rounds alternate PyTorch and ours, so a burst of load on the shared cores hits one round of
    // each side rather than one side only; each side keeps its fastest round.
    for (let round = 0; round < rounds; round++) {
      const torch = torchFigures();
      for (const c of CASES) {
        const key = `${c.model}:${c.width}:${c.batch}`;
        const r = results.get(key) ?? {};
        const t = torch.get(key);
        if (t !== undefined) r.torch = best(r.torch, { ...t, stepMs: t.step_ms });
        r.plain = best(r.plain, await ours(c, false));
        r.decayed = best(r.decayed, await ours(c, true));
        results.set(key, r);
      }
    }
    for (const c of CASES) {
      const key = `${c.model}:${c.width}:${c.batch}`;
      const { plain, decayed, torch: ref } = results.get(key) ?? {};
      if (plain === undefined || decayed === undefined) continue;
      const eps = (c.batch / decayed.stepMs) * 1000;
      console.log(
        JSON.stringify({
          case: `train/${c.model} w=${c.width} b=${c.batch}`,
          backend,
          threads,
          rounds,
          examples_per_second: Number(eps.toFixed(1)),
          step_ms: Number(decayed.stepMs.toFixed(2)),
          step_ms_without_decay: Number(plain.stepMs.toFixed(2)),
          decay_ms: Number(decayed.decayMs.toFixed(3)),
          decay_share: Number((decayed.decayMs / decayed.stepMs).toFixed(4)),
          torch_examples_per_second: ref ? Number(ref.examples_per_second.toFixed(1)) : null,
          torch_step_ms: ref ? Number(ref.step_ms.toFixed(2)) : null,
          torch_paper_decay_ms: ref ? Number(ref.decay_ms.toFixed(3)) : null,
          ratio_ours_over_torch: ref ? Number((eps / ref.examples_per_second).toFixed(3)) : null,
        }),
      );
    }
  }
}

await main();
