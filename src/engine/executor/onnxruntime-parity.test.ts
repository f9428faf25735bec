import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeLayerNorms } from "../../norms/compute-norms.js";
import { parseOnnxModel } from "../../onnx/parse-onnx-model.js";
import { buildZooModel } from "../../onnx/zoo/build-zoo-model.js";
import { ZOO_MODELS } from "../../onnx/zoo/zoo-models.js";
import type { BackendName } from "../backend/backend-info.js";
import { exportOnnx } from "./export-onnx.js";
import { OnnxExecutor } from "./onnx-executor.js";
import { ortRun } from "./testing/ort-run.js";
import { paramsAsLayers } from "./testing/params-as-layers.js";
import { seededFloats } from "./testing/seeded-floats.js";
import { sgdStep } from "./testing/sgd-step.js";
import { type EngineBackend, useEngineBackend } from "./testing/use-engine-backend.js";

/** Max abs difference allowed between the executor's and onnxruntime's float32 outputs. */
const TOLERANCE = 1e-4;

interface ModelCase {
  readonly label: string;
  readonly bytes: () => Uint8Array;
  /** Input shape, batch included. */
  readonly shape: readonly number[];
  readonly classes: number;
}

const fixtureInfo: Record<string, { input_shape: (string | number)[] }> = JSON.parse(
  readFileSync(new URL("../../../test/fixtures/expected.json", import.meta.url), "utf8"),
).fixtures;

/**
 * Every PyTorch fixture. None is skipped: the executor runs all of them (1-d convs as 2-d, grouped
 * and dilated ConvTranspose, asymmetric pads, auto_pad); there is no 3-d conv among them.
 */
const FIXTURES: ModelCase[] = Object.entries(fixtureInfo).map(([file, info], i) => ({
  label: `fixture ${file}`,
  bytes: () => readFileSync(new URL(`../../../test/fixtures/${file}`, import.meta.url)),
  shape: [2 + (i % 3), ...info.input_shape.slice(1).map(Number)],
  classes: 0,
}));

const ZOO: ModelCase[] = ZOO_MODELS.map((m, i) => ({
  label: `zoo ${m.name} w=0.25`,
  bytes: () => buildZooModel(m.name, { widthMultiplier: 0.25, seed: 7 }),
  shape: [2 + (i % 3), m.inputChannels, m.inputHeight, m.inputWidth],
  classes: m.classes,
}));

/** Models trained for a few steps and exported: plain, residual with BN, grouped convs, a PyTorch BN export. */
const TRAINED: ModelCase[] = [
  ...ZOO.filter((c) => /small_cnn|resnet18|regnetx/.test(c.label)),
  { ...(FIXTURES.find((c) => c.label.includes("bn_kept")) as ModelCase), classes: 10 },
];

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function evalOutput(exe: OnnxExecutor, input: Float32Array, shape: readonly number[]): Float32Array {
  return tf.tidy(
    () => exe.forward(tf.tensor(input, [...shape], "float32"), "eval").dataSync() as Float32Array,
  );
}

describe.each<BackendName>(["tensorflow", "wasm"])("executor vs onnxruntime on %s", (backend) => {
  let engine: EngineBackend = { missing: "not selected yet" };
  beforeAll(async () => {
    engine = await useEngineBackend(backend);
  });
  afterAll(() => {
    engine = { missing: "done" };
  });
  const kernelsOrSkip = (skip: (note: string) => void) => {
    if ("missing" in engine) skip(engine.missing);
    return "kernels" in engine ? engine.kernels : undefined;
  };

  it.for([...FIXTURES, ...ZOO].map((c) => [`${c.label} x=[${c.shape}]`, c] as const))(
    "%s: eval outputs match within 1e-4",
    async ([, c], ctx) => {
      const kernels = kernelsOrSkip(ctx.skip);
      if (!kernels) return;
      const bytes = c.bytes();
      const input = seededFloats(
        c.shape.length * 31 + c.shape[0],
        c.shape.reduce((a, b) => a * b, 1),
        0,
        1,
      );
      const exe = OnnxExecutor.create(bytes, { tf, kernels, seed: 1 });
      try {
        const ours = evalOutput(exe, input, c.shape);
        const ref = await ortRun(bytes, input, c.shape);
        expect(ref.dims[0]).toBe(c.shape[0]);
        expect(maxAbsDiff(ours, ref.data)).toBeLessThan(TOLERANCE);
      } finally {
        exe.dispose();
      }
    },
  );

  it.for(TRAINED.map((c) => [c.label, c] as const))(
    "%s: 3 SGD steps (train mode) → exportOnnx → onnxruntime reproduces eval outputs, norms match the params",
    async ([, c], ctx) => {
      const kernels = kernelsOrSkip(ctx.skip);
      if (!kernels) return;
      const bytes = c.bytes();
      const count = c.shape.reduce((a, b) => a * b, 1);
      const exe = OnnxExecutor.create(bytes, { tf, kernels, seed: 3 });
      try {
        const before = new Map(exe.params.all().map((p) => [p.name, exe.params.readSync(p.name)]));
        for (let step = 0; step < 3; step++) {
          const x = tf.tensor(seededFloats(100 + step, count, 0, 1), [...c.shape], "float32");
          const labels = tf.tensor1d(
            Array.from({ length: c.shape[0] }, (_, i) => (i * 3 + step) % c.classes),
            "int32",
          );
          expect(Number.isFinite(sgdStep(exe, x, labels, 0.05))).toBe(true);
          tf.dispose([x, labels]);
        }
        // The steps moved weights and running statistics alike.
        const changed = (role: string) =>
          exe.params
            .all()
            .filter((p) => p.role === role)
            .some((p) => maxAbsDiff(exe.params.readSync(p.name), before.get(p.name) as Float32Array) > 1e-6);
        expect(changed("weight")).toBe(true);
        if (exe.params.all().some((p) => p.role === "buffer")) expect(changed("buffer")).toBe(true);

        const exported = await exportOnnx(exe);
        const input = seededFloats(999, count, 0, 1);
        const ours = evalOutput(exe, input, c.shape);
        const ref = await ortRun(exported, input, c.shape);
        expect(maxAbsDiff(ours, ref.data)).toBeLessThan(TOLERANCE);
        // The original still gives other outputs: the export really carries the trained values.
        expect(maxAbsDiff(ours, (await ortRun(bytes, input, c.shape)).data)).toBeGreaterThan(1e-4);

        const selection = { l1: true, linf: true };
        const fromExport = computeLayerNorms(parseOnnxModel(exported).layers, selection);
        const fromParams = computeLayerNorms(
          paramsAsLayers(parseOnnxModel(bytes).layers, exe.params),
          selection,
        );
        expect(fromExport.length).toBe(fromParams.length);
        fromExport.forEach((r, i) => {
          const p = fromParams[i];
          expect(r.layer.nodeName).toBe(p.layer.nodeName);
          expect(r.l1?.value).toBeCloseTo(p.l1?.value ?? Number.NaN, 10);
          expect(r.linf?.value).toBeCloseTo(p.linf?.value ?? Number.NaN, 10);
        });
      } finally {
        exe.dispose();
      }
    },
  );
});
