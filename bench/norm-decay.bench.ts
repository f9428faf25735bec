/**
 * NormDecay benchmarks on a CIFAR ResNet-18 (11.2 M parameters, 41 layers) with float32 gradients:
 * the in-process decay step (stateless and in a warm session) next to ComputeNorms' L1+L∞ of the
 * same layers, the server-side compute_ms of both RPCs, and NormDecay end to end over loopback
 * (p50, MB/s, and what the time goes to). Raw layers, as a training sidecar sends them.
 */
import { Bench } from "tinybench";
import {
  DataType,
  type NormDecayRequest,
  NormserveClient,
  NormType,
  type Tensor,
} from "../clients/ts/src/index.js";
import { computeLayerNorms } from "../src/norms/compute-norms.js";
import { DecaySessionStore } from "../src/norms/decay-session-store.js";
import { layerWeight } from "../src/norms/layer-maximiser.js";
import { modelNormDecay } from "../src/norms/model-norm-decay.js";
import { parseOnnxModel } from "../src/onnx/parse-onnx-model.js";
import { buildCifarResNet18Onnx } from "../src/onnx/testing/resnet18-model.js";
import { seededFloats as seededFloat32 } from "../src/onnx/testing/seeded-random.js";
import { createNormServer } from "../src/server/create-norm-server.js";
import { silentLogger } from "../src/server/logger.js";
import { startRawTransport } from "./raw-transport.js";
import { toWireLayers } from "./resnet18-wire-layers.js";

const filter = new RegExp(process.env.BENCH_FILTER ?? ".");
const ALL_KINDS = new Set(["conv", "convTranspose", "linear", "batchNorm"] as const);
const BETA = 5e-4;
const MOMENTUM = 0.9;

function p50(task: { result?: unknown } | undefined): number {
  const result = task?.result as { latency?: { p50?: number } } | undefined;
  return result?.latency?.p50 ?? Number.NaN;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? Number.NaN;
}

const MB = 2 ** 20;
const model = parseOnnxModel(buildCifarResNet18Onnx(1), {});
const layers = toWireLayers(model.layers);
const gradientArrays = new Map(
  model.layers.map((layer, i) => {
    const g = seededFloat32(layerWeight(layer).length, 100 + i);
    for (let k = 0; k < g.length; k++) g[k] *= 1e-3;
    return [`${layer.nodeName}.weight`, g] as const;
  }),
);
const gradients: { [name: string]: Tensor } = {};
layers.forEach((layer) => {
  const g = gradientArrays.get(`${layer.name}.weight`) ?? new Float32Array(0);
  gradients[`${layer.name}.weight`] = {
    dtype: DataType.DATA_TYPE_FLOAT32,
    shape: [...(layer.weight?.shape ?? [])],
    data: new Uint8Array(g.buffer),
  };
});
const parameters = model.layers.reduce((n, layer) => n + layerWeight(layer).length, 0);
// Raw model: weights (and BN variances) plus gradients; the same order of bytes comes back.
const requestBytes =
  layers.reduce(
    (n, l) => n + (l.weight?.data.byteLength ?? 0) + (l.batchNorm?.variance?.data.byteLength ?? 0),
    0,
  ) + Object.values(gradients).reduce((n, g) => n + g.data.byteLength, 0);

const server = createNormServer(silentLogger);
const port = await server.listen("127.0.0.1:0");
const client = new NormserveClient(`127.0.0.1:${port}`);
const { sessionId } = await client.openSession();
const store = new DecaySessionStore();
const rawRequest = Buffer.alloc(requestBytes, 1);
const raw = await startRawTransport(Math.round(requestBytes / 2));
const session = store.open();
const decayRequest: Partial<NormDecayRequest> = {
  model: { $case: "layers", value: { layers } },
  norm: NormType.NORM_TYPE_L1,
  beta: BETA,
  momentum: MOMENTUM,
  sessionId,
  gradients,
};
const decayTimings: { parseMs: number; computeMs: number }[] = [];
const normsComputeMs: number[] = [];
let responseBytes = 0;
const pairs: { e2e: number; floor: number }[] = [];

const bench = new Bench({ time: 3_000, warmupTime: 500, iterations: 10 });
bench
  .add("resnet18-decay/norms-l1-linf", () => computeLayerNorms(model.layers, { l1: true, linf: true }))
  .add("resnet18-decay/compute-stateless", () =>
    modelNormDecay(model.layers, {
      norm: "l1",
      beta: BETA,
      momentum: 0,
      kinds: ALL_KINDS,
      gradients: gradientArrays,
      weightsChecked: true,
      inPlace: true,
    }),
  )
  .add("resnet18-decay/compute-session", () =>
    modelNormDecay(model.layers, {
      norm: "l1",
      beta: BETA,
      momentum: MOMENTUM,
      kinds: ALL_KINDS,
      gradients: gradientArrays,
      weightsChecked: true,
      inPlace: true,
      state: { session, reserve: (bytes) => store.reserve(bytes) },
    }),
  )
  .add("resnet18-decay/compute-session-new-arrays", () =>
    modelNormDecay(model.layers, {
      norm: "l1",
      beta: BETA,
      momentum: MOMENTUM,
      kinds: ALL_KINDS,
      gradients: gradientArrays,
      weightsChecked: true,
      state: { session, reserve: (bytes) => store.reserve(bytes) },
    }),
  )
  .add("resnet18-decay/server-compute-norms", async () => {
    const response = await client.computeLayerNorms(layers);
    normsComputeMs.push(response.timing?.computeMs ?? Number.NaN);
  })
  // End to end, paired with the transport floor: alternating calls see the same machine load.
  .add("resnet18-decay/end-to-end", async () => {
    const start = performance.now();
    const response = await client.normDecay(decayRequest);
    const mid = performance.now();
    await raw.call(rawRequest);
    pairs.push({ e2e: mid - start, floor: performance.now() - mid });
    decayTimings.push({
      parseMs: response.timing?.parseMs ?? Number.NaN,
      computeMs: response.timing?.computeMs ?? Number.NaN,
    });
    responseBytes = response.layers.reduce((n, l) => n + (l.decay?.data.byteLength ?? 0), 0);
  });
for (const task of [...bench.tasks]) if (!filter.test(task.name)) bench.remove(task.name);
await bench.run();
client.close();
store.close();
await raw.close();
await server.shutdown(1_000);

const norms = p50(bench.getTask("resnet18-decay/norms-l1-linf"));
const stateless = p50(bench.getTask("resnet18-decay/compute-stateless"));
const inSession = p50(bench.getTask("resnet18-decay/compute-session"));
const newArrays = p50(bench.getTask("resnet18-decay/compute-session-new-arrays"));
const floor = median(pairs.map((p) => p.floor));
const e2e = median(pairs.map((p) => p.e2e));
const serverDecay = median(decayTimings.map((t) => t.computeMs));
const serverParse = median(decayTimings.map((t) => t.parseMs));
const serverNorms = median(normsComputeMs);
const fmt = (ms: number) => `${ms.toFixed(2).padStart(8)} ms`;
console.log(
  `\nCIFAR ResNet-18 NormDecay (L1, β=${BETA}, μ=${MOMENTUM}, float32 gradients): ${(parameters / 1e6).toFixed(2)} M parameters, ${model.layers.length} layers`,
);
console.log(`  in process   ComputeNorms L1+L∞ (baseline)   p50 ${fmt(norms)}`);
console.log(
  `  in process   decay, stateless (μ=0)          p50 ${fmt(stateless)}   ×${(stateless / norms).toFixed(2)} baseline`,
);
console.log(
  `  in process   decay, warm session (μ=${MOMENTUM})     p50 ${fmt(inSession)}   ×${(inSession / norms).toFixed(2)} baseline`,
);
console.log(
  `  in process   same, results in new arrays      p50 ${fmt(newArrays)}   ×${(newArrays / norms).toFixed(2)} baseline (the server writes into its request buffer)`,
);
console.log(
  `  server-side  compute_ms NormDecay ${fmt(serverDecay)} vs ComputeNorms ${fmt(serverNorms)}: ×${(serverDecay / serverNorms).toFixed(2)} (goal ≤ 2×), ${decayTimings.length}/${normsComputeMs.length} calls`,
);
const moved = (requestBytes + responseBytes) / MB;
console.log(
  `  end to end   NormDecay p50 ${fmt(e2e)} over ${pairs.length} calls on loopback (goal ≤ 120 ms): ${(requestBytes / MB).toFixed(1)} MiB up + ${(responseBytes / MB).toFixed(1)} MiB down = ${(moved / (e2e / 1000)).toFixed(0)} MiB/s`,
);
const share = (ms: number) => `${fmt(ms)} (${((100 * ms) / e2e).toFixed(0)}%)`;
const rest = e2e - serverParse - serverDecay - floor;
console.log(`               of which server parse ${share(serverParse)}, compute ${share(serverDecay)},`);
console.log(
  `               grpc-js transport of the same bytes without protobuf ${share(floor)}: ${((requestBytes * 1.5) / MB / (floor / 1000)).toFixed(0)} MiB/s,`,
);
console.log(`               protobuf encode/decode and the rest ${share(rest)}`);
