/**
 * Attack benchmarks. APGD-CE (L∞ ε = 0.03, 100 iterations, one restart) on the clean-correct points
 * among the first 500 Fashion-MNIST test images, against the PyTorch fixture CNN
 * (test/fixtures/attack/model.onnx), on the engine and — in the same run — in PyTorch CPU
 * (bench/reference/torch_apgd.py: Debian's python3-torch, OpenBLAS, BENCH_THREADS threads, the
 * same weights); the figure is engine seconds / PyTorch seconds. Then Square (L∞, BENCH_SQUARE_QUERIES
 * queries, default 1000) on the same points: points/s and queries/s.
 *
 * Env: BENCH_THREADS (default 2), BENCH_POINTS (default 500), BENCH_SQUARE_QUERIES (default 1000),
 * BENCH_BATCH (default 500).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { predictions } from "../src/attack/attack-losses.js";
import type { ResolvedAttack } from "../src/attack/attack-types.js";
import { createModelOracle } from "../src/attack/model-oracle.js";
import { runAttack } from "../src/attack/run-attack.js";
import { encodeNpy } from "../src/data/encode-npy.js";
import { readIdxDataset } from "../src/data/read-idx-dataset.js";
import { selectBackend } from "../src/engine/backend/select-backend.js";
import { createKernels } from "../src/engine/create-kernels.js";
import { OnnxExecutor } from "../src/engine/executor/onnx-executor.js";

const threads = Number(process.env.BENCH_THREADS ?? 2);
const points = Number(process.env.BENCH_POINTS ?? 500);
const squareQueries = Number(process.env.BENCH_SQUARE_QUERIES ?? 1000);
const batch = Number(process.env.BENCH_BATCH ?? 500);
const FMNIST = "/usr/share/datasets/fashion-mnist";
const MODEL = "test/fixtures/attack/model.onnx";
const EPS = 0.03;

function attack(kind: "apgd-ce" | "square", extra: Partial<ResolvedAttack>): ResolvedAttack {
  const base = { norm: "linf" as const, eps: EPS, steps: 100, stepSize: 0, restarts: 1, randomStart: false };
  return { kind, name: `${kind}-linf`, nQueries: 0, nTargetClasses: 0, pInit: 0.8, ...base, ...extra };
}

interface TorchFigures {
  readonly seconds: number;
  readonly robust: number;
  readonly clean: number;
  readonly torch: string;
  readonly blas: string;
}

async function main(): Promise<void> {
  const backend = await selectBackend();
  const kernels = createKernels();
  const full = await readIdxDataset(
    join(FMNIST, "t10k-images-idx3-ubyte.gz"),
    join(FMNIST, "t10k-labels-idx1-ubyte.gz"),
    10,
  );
  const size = 28 * 28;
  const images = full.images.slice(0, points * size);
  const labels = full.labels.slice(0, points);
  const bytes = new Uint8Array((await import("node:fs")).readFileSync(MODEL));
  const exe = OnnxExecutor.create(bytes, { tf, kernels });
  const oracle = createModelOracle(exe, tf, [1, 28, 28], 10);
  const pred = predictions(oracle.logits(images, points), 10);
  const correct = Array.from(labels.keys()).filter((i) => pred[i] === labels[i]);
  const signal = new AbortController().signal;
  const opts = { oracle, images, labels, attackIndices: correct, batchSize: batch, seed: [0], signal };
  await runAttack(attack("apgd-ce", { steps: 3 }), { ...opts, attackIndices: correct.slice(0, 16) }); // warm-up
  let t0 = performance.now();
  const apgd = await runAttack(attack("apgd-ce", {}), opts);
  const engineS = (performance.now() - t0) / 1000;
  const engineRobust = apgd.robust.filter(Boolean).length;

  const dir = mkdtempSync(join(tmpdir(), "attack-bench-"));
  writeFileSync(join(dir, "images.npy"), encodeNpy(images, [points, 1, 28, 28]));
  writeFileSync(join(dir, "labels.npy"), encodeNpy(labels, [points]));
  const torchRun = (n: number): TorchFigures => {
    const out = execFileSync(
      "/usr/bin/python3",
      [
        "bench/reference/torch_apgd.py",
        MODEL,
        join(dir, "images.npy"),
        join(dir, "labels.npy"),
        String(EPS),
        "100",
        String(n),
      ],
      { encoding: "utf8", env: { ...process.env, OMP_NUM_THREADS: String(n) } },
    );
    return JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as TorchFigures;
  };
  console.log(`backend ${backend.name}${backend.device ? ` (${backend.device})` : ""}, threads ${threads}`);
  console.log(
    `apgd-ce-linf/fmnist-${points} ε=${EPS} 100 it.: engine ${engineS.toFixed(2)} s (robust ${engineRobust}/${points}, clean ${correct.length})`,
  );
  // On a loaded machine OpenMP's spinning makes 2 threads slower than 1: report both.
  for (const n of threads === 1 ? [1] : [threads, 1]) {
    const torch = torchRun(n);
    console.log(
      `  pytorch ${torch.torch} (${torch.blas}) threads ${n}: ${torch.seconds.toFixed(2)} s (robust ${torch.robust}/${points}, clean ${torch.clean}); ` +
        `ratio engine/pytorch ${(engineS / torch.seconds).toFixed(2)}`,
    );
  }
  t0 = performance.now();
  const sq = await runAttack(attack("square", { nQueries: squareQueries }), opts);
  const squareS = (performance.now() - t0) / 1000;
  console.log(
    `square-linf/fmnist-${points} ${squareQueries} queries: ${squareS.toFixed(2)} s, ${(correct.length / squareS).toFixed(1)} points/s ` +
      `(robust ${sq.robust.filter(Boolean).length}/${points})`,
  );
  exe.dispose();
}

await main();
