/**
 * Spectral benchmarks (issue 4), each next to a straightforward baseline run in the same process:
 * - `sigma/<shape>`: the largest singular value of a conv with circular padding on 32×32 (3×3
 *   256→512 and 5×5 512→256): `convSingularValuesAsync` on a worker pool, and single-threaded.
 * - `svc/resnet18`: singular value clipping (clip_to = 1) of every conv of a CIFAR ResNet-18
 *   (inputs 32→4 px, PyTorch-default-init float32 kernels, strides via polyphase), incl. σ_max
 *   before and of the returned kernel.
 * Baseline (bench/baselines/spectral-baseline.ts): FFT every channel pair, full complex SVD at
 * every frequency (no symmetry, no Gram, one thread). Its SVDs are timed on an evenly spaced
 * sample of frequencies and extrapolated (every frequency costs the same there); set
 * BENCH_FULL_BASELINE=1 to run them all (hours), BENCH_BASELINE_SAMPLES=<n> to change the sample.
 * BENCH_TORCH=1 also times the reference-style PyTorch code (bench/reference/spectral_reference.py,
 * several minutes). BENCH_SINGLE=0 skips the single-threaded σ runs, BENCH_SINGLE=1 adds a
 * single-threaded ResNet-18 pass. Goals (issue 4, 2 cores):
 * σ_max of 3×3 256→512 @ 32×32 ≤ 10 s; the ResNet-18 SVC pass ≤ 30 s.
 */
import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";
import { planCircularConv } from "../src/math/conv-circular-plan.js";
import { type ConvGeometry, makeConvGeometry } from "../src/math/conv-geometry.js";
import { convSingularValues, convSingularValuesAsync } from "../src/math/conv-singular-values.js";
import { FrequencyPool } from "../src/math/parallel/frequency-pool.js";
import { clipConvSingularValues, clipConvSingularValuesAsync } from "../src/math/svc.js";
import { seededFloats as seededFloat32 } from "../src/onnx/testing/seeded-random.js";
import { baselineSigmaMax, baselineSvc } from "./baselines/spectral-baseline.js";

const full = process.env.BENCH_FULL_BASELINE === "1";
const samples = full ? Number.POSITIVE_INFINITY : Number(process.env.BENCH_BASELINE_SAMPLES ?? 4);
const single = process.env.BENCH_SINGLE !== "0";
/** The single-threaded ResNet-18 pass doubles the bench's run time: only on request. */
const singleSvc = process.env.BENCH_SINGLE === "1";
const filter = new RegExp(process.env.BENCH_FILTER ?? ".");

function conv(cin: number, cout: number, k: number, stride: number, n: number, seed: number) {
  const pad = (k - 1) >> 1;
  const geometry = makeConvGeometry({
    inChannels: cin,
    outChannels: cout,
    inputSpatial: [n, n],
    kernelSpatial: [k, k],
    strides: [stride, stride],
    pads: [pad, pad, pad, pad],
  });
  // PyTorch's default conv init: U(−1/√fan_in, 1/√fan_in).
  const bound = 1 / Math.sqrt(cin * k * k);
  const weight = seededFloat32(cout * cin * k * k, seed).map((v) => v * bound);
  return { geometry, weight, name: `${k}x${k}-${cin}-${cout}${stride > 1 ? `-s${stride}` : ""}@${n}` };
}

function resnet18(): ReturnType<typeof conv>[] {
  const list = [conv(3, 64, 3, 1, 32, 1)];
  for (let i = 0; i < 4; i++) list.push(conv(64, 64, 3, 1, 32, 2 + i));
  for (const [cin, cout, n] of [
    [64, 128, 32],
    [128, 256, 16],
    [256, 512, 8],
  ]) {
    list.push(conv(cin, cout, 3, 2, n, list.length + 1), conv(cout, cout, 3, 1, n / 2, list.length + 2));
    list.push(conv(cin, cout, 1, 2, n, list.length + 3));
    list.push(conv(cout, cout, 3, 1, n / 2, list.length + 4), conv(cout, cout, 3, 1, n / 2, list.length + 5));
  }
  return list;
}

async function time<T>(fn: () => T | Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const out = await fn();
  return [out, performance.now() - t];
}

const fmt = (ms: number) => (ms >= 1e4 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
const baselineLabel = (svd: number, total: number) =>
  svd >= total ? "all frequencies" : `SVDs on ${svd}/${total} frequencies, extrapolated`;

async function main(): Promise<void> {
  const pool = new FrequencyPool();
  await pool.warmUp();
  // Steady state, as in a long-running server: let the workers' JIT see every code path once.
  const small = conv(16, 24, 3, 2, 8, 99);
  await convSingularValuesAsync(small.weight, small.geometry, { pool });
  await clipConvSingularValuesAsync(small.weight, small.geometry, 0.5, { pool });
  console.log(
    `spectral bench — ${pool.size} worker threads, load average ${loadavg()
      .map((v) => v.toFixed(2))
      .join(" ")}`,
  );
  for (const [cin, cout, k] of [
    [256, 512, 3],
    [512, 256, 5],
  ]) {
    const c = conv(cin, cout, k, 1, 32, cin + cout + k);
    if (!filter.test(`sigma/${c.name}`)) continue;
    const [par, parMs] = await time(() => convSingularValuesAsync(c.weight, c.geometry, { pool }));
    const singleMs = single ? (await time(() => convSingularValues(c.weight, c.geometry)))[1] : Number.NaN;
    const base = baselineSigmaMax(planCircularConv(c.weight, c.geometry), samples);
    console.log(`\nsigma/${c.name}: σ_max = ${par.sigmaMax.toPrecision(12)} (strategy ${par.strategy})`);
    console.log(
      `  normserve, ${pool.size} threads: ${fmt(parMs)}${single ? `   (1 thread: ${fmt(singleMs)})` : ""}`,
    );
    console.log(
      `  baseline FFT + full SVD per frequency: ${fmt(base.estimatedMs)} (${baselineLabel(base.svdFrequencies, base.totalFrequencies)}; measured ${fmt(base.measuredMs)})`,
    );
    const goal = k === 3 ? `   goal ≤ 10 s: ${parMs <= 1e4 ? "met" : "MISSED"}` : "";
    console.log(`  speed-up: ×${(base.estimatedMs / parMs).toFixed(0)}${goal}`);
  }
  if (filter.test("svc/resnet18")) await svcResnet(pool);
  if (process.env.BENCH_TORCH === "1") torchReference();
  console.log(
    `\nload average at the end: ${loadavg()
      .map((v) => v.toFixed(2))
      .join(" ")}`,
  );
  await pool.close();
}

async function svcResnet(pool: FrequencyPool): Promise<void> {
  const convs = resnet18();
  console.log(
    `\nsvc/resnet18: clip_to = 1 on ${convs.length} convs (per layer: ms, σ before → after, blocks clipped)`,
  );
  let ours = 0;
  let oursSingle = 0;
  let base = 0;
  // The baseline's per-frequency SVD cost depends only on the block shape: measure each once.
  const perShape = new Map<string, number>();
  for (const c of convs) {
    const [res, ms] = await time(() => clipConvSingularValuesAsync(c.weight, c.geometry, 1, { pool }));
    ours += ms;
    if (singleSvc) oursSingle += (await time(() => clipConvSingularValues(c.weight, c.geometry, 1)))[1];
    const plan = planCircularConv(c.weight, c.geometry as ConvGeometry);
    const shape = `${plan.coutG}x${plan.cinG * plan.phases}`;
    const b = baselineSvc(plan, 1, full ? samples : 1, full ? undefined : perShape.get(shape));
    perShape.set(shape, b.perFrequencyMs);
    base += b.estimatedMs;
    console.log(
      `  ${c.name.padEnd(18)} ${fmt(ms).padStart(8)}  σ ${res.sigmaMaxBefore.toFixed(4)} → ${res.sigmaMaxAfter.toFixed(4)}  ${res.blocksClipped}/${res.blocksTotal}   baseline ≈ ${fmt(b.estimatedMs)}`,
    );
  }
  console.log(
    `  normserve, ${pool.size} threads: ${fmt(ours)}${singleSvc ? `   (1 thread: ${fmt(oursSingle)})` : ""}`,
  );
  console.log(
    `  baseline FFT + full SVD per frequency${full ? "" : " (SVD timed on one frequency per block shape, extrapolated)"}: ${fmt(base)}`,
  );
  console.log(`  speed-up: ×${(base / ours).toFixed(0)}   goal ≤ 30 s: ${ours <= 3e4 ? "met" : "MISSED"}`);
}

function torchReference(): void {
  try {
    const out = execFileSync("/usr/bin/python3", ["bench/reference/spectral_reference.py"], {
      encoding: "utf8",
    });
    const ref = JSON.parse(out) as {
      torch: string;
      threads: number;
      sigma_ms: Record<string, number>;
      resnet18_svc_ms?: number;
    };
    console.log(
      `\nPyTorch ${ref.torch} reference (${ref.threads} threads, FFT + complex SVD, stride ignored):`,
    );
    for (const [name, ms] of Object.entries(ref.sigma_ms)) console.log(`  sigma/${name}: ${fmt(ms)}`);
    if (ref.resnet18_svc_ms !== undefined) console.log(`  svc/resnet18: ${fmt(ref.resnet18_svc_ms)}`);
  } catch {
    console.log("\n(PyTorch reference skipped: /usr/bin/python3 with torch not available)");
  }
}

await main();
