/**
 * ComputeNorms benchmarks: per-layer exact L1+L∞ for six conv shapes, a whole CIFAR ResNet-18
 * (11.2 M parameters) server-side, and end-to-end over loopback with its 45 MB ONNX file. Each
 * figure is printed next to a straightforward baseline measured in the same run.
 */
import { execFileSync } from "node:child_process";
import { Bench } from "tinybench";
import { NormserveClient } from "../clients/ts/src/index.js";
import { makeConvGeometry } from "../src/math/conv-geometry.js";
import { convOperatorNorms } from "../src/math/conv-opnorms.js";
import { computeLayerNorms } from "../src/norms/compute-norms.js";
import { parseOnnxModel } from "../src/onnx/parse-onnx-model.js";
import { buildCifarResNet18Onnx } from "../src/onnx/testing/resnet18-model.js";
import { seededFloats as seededFloat32 } from "../src/onnx/testing/seeded-random.js";
import { createNormServer } from "../src/server/create-norm-server.js";
import { silentLogger } from "../src/server/logger.js";
import { directConvNorms2d } from "./baselines/direct-conv-abs-sums.js";

const filter = new RegExp(process.env.BENCH_FILTER ?? ".");
const both = { l1: true, linf: true };

const SHAPES: [string, number, number, number][] = [
  ["3x3-32-32", 32, 32, 3],
  ["3x3-32-128", 32, 128, 3],
  ["3x3-128-256", 128, 256, 3],
  ["3x3-256-512", 256, 512, 3],
  ["5x5-256-128", 256, 128, 5],
  ["5x5-512-256", 512, 256, 5],
];

function medianMs(task: { result?: unknown } | undefined): number {
  const result = task?.result as { latency?: { p50?: number } } | undefined;
  return result?.latency?.p50 ?? Number.NaN;
}

async function convShapes(): Promise<void> {
  const bench = new Bench({ time: 300, warmupTime: 100 });
  // The direct baseline takes seconds per call on the large shapes: a few timed runs suffice.
  const slow = new Bench({ time: 0, iterations: 3, warmupTime: 0, warmupIterations: 1 });
  for (const [name, cin, cout, k] of SHAPES) {
    const kernel = seededFloat32(cout * cin * k * k, cin + cout + k);
    const geometry = makeConvGeometry({
      inChannels: cin,
      outChannels: cout,
      inputSpatial: [32, 32],
      kernelSpatial: [k, k],
      pads: [1, 1, 1, 1],
    });
    if (filter.test(`conv-norms/${name}`))
      bench.add(`conv-norms/${name}`, () => convOperatorNorms(kernel, geometry, both));
    if (filter.test(`conv-direct/${name}`))
      slow.add(`conv-direct/${name}`, () => directConvNorms2d(kernel, geometry));
  }
  await bench.run();
  await slow.run();
  const reference = paperReference();
  console.log("\nPer-layer exact L1+L∞ on a 32×32 input, pad 1 (median ms):");
  console.log(
    "shape         normserve   direct baseline   speed-up   paper formula L1+L∞ (PyTorch, inexact)",
  );
  for (const [name] of SHAPES) {
    const ours = medianMs(bench.getTask(`conv-norms/${name}`));
    const direct = medianMs(slow.getTask(`conv-direct/${name}`));
    const paper = reference?.cases[name];
    const paperMs =
      paper === undefined
        ? "n/a"
        : `${(paper.l1_ms + paper.linf_ms).toFixed(3)} (×${((paper.l1_ms + paper.linf_ms) / ours).toFixed(1)} ours)`;
    console.log(
      `${name.padEnd(13)} ${ours.toFixed(3).padStart(9)}   ${direct.toFixed(1).padStart(15)}   ${(direct / ours).toFixed(0).padStart(7)}×   ${paperMs}`,
    );
  }
}

interface PaperReference {
  torch: string;
  threads: number;
  cases: Record<string, { l1_ms: number; linf_ms: number }>;
}

/** The paper's PyTorch formulas timed in a subprocess, when Debian's python3-torch is installed. */
function paperReference(): PaperReference | undefined {
  try {
    const out = execFileSync("/usr/bin/python3", ["bench/reference/paper_norms.py"], { encoding: "utf8" });
    return JSON.parse(out) as PaperReference;
  } catch {
    console.log("(PyTorch reference skipped: /usr/bin/python3 with torch not available)");
    return undefined;
  }
}

async function resnet18(): Promise<void> {
  const bytes = buildCifarResNet18Onnx(1);
  const model = parseOnnxModel(bytes, {});
  const parameters = model.layers.reduce(
    (n, layer) => n + (layer.kind === "batchNorm" ? layer.scale.length : layer.weight.length),
    0,
  );
  const server = createNormServer(silentLogger);
  const port = await server.listen("127.0.0.1:0");
  const client = new NormserveClient(`127.0.0.1:${port}`);
  const serverCompute: number[] = [];
  const bench = new Bench({ time: 2_000, warmupTime: 300 });
  bench
    .add("resnet18/compute", () => computeLayerNorms(model.layers, both))
    .add("resnet18/parse", () => parseOnnxModel(bytes, {}))
    .add("resnet18/end-to-end", async () => {
      const response = await client.computeNorms(bytes);
      serverCompute.push(response.timing?.computeMs ?? Number.NaN);
    });
  const slow = new Bench({ time: 0, iterations: 3, warmupTime: 0, warmupIterations: 1 }).add(
    "resnet18/direct",
    () => {
      for (const layer of model.layers)
        if (layer.kind === "conv") directConvNorms2d(layer.weight, layer.geometry);
    },
  );
  for (const b of [bench, slow]) for (const task of b.tasks) if (!filter.test(task.name)) b.remove(task.name);
  await bench.run();
  await slow.run();
  client.close();
  await server.shutdown(1_000);
  serverCompute.sort((a, b) => a - b);
  const compute = medianMs(bench.getTask("resnet18/compute"));
  const direct = medianMs(slow.getTask("resnet18/direct"));
  console.log(
    `\nCIFAR ResNet-18: ${(parameters / 1e6).toFixed(2)} M parameters, ONNX ${(bytes.byteLength / 2 ** 20).toFixed(1)} MiB`,
  );
  console.log(
    `  L1+L∞ all layers, in process  median ${compute.toFixed(2)} ms   (direct baseline ${direct.toFixed(0)} ms: ${(direct / compute).toFixed(0)}× slower)`,
  );
  console.log(
    `  server-side compute_ms        median ${serverCompute[serverCompute.length >> 1]?.toFixed(2)} ms over ${serverCompute.length} calls (goal ≤ 6 ms)`,
  );
  console.log(
    `  ONNX parse in process         median ${medianMs(bench.getTask("resnet18/parse")).toFixed(2)} ms`,
  );
  console.log(
    `  end-to-end ComputeNorms p50   ${medianMs(bench.getTask("resnet18/end-to-end")).toFixed(1)} ms over loopback (goal ≤ 100 ms)`,
  );
}

await convShapes();
await resnet18();
