import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "../../math/mulberry32.js";
import { writeInitializers } from "../../onnx/write-initializers.js";
import { buildZooModel } from "../../onnx/zoo/build-zoo-model.js";
import type { BackendName } from "../backend/backend-info.js";
import { exportOnnx } from "./export-onnx.js";
import { OnnxExecutor } from "./onnx-executor.js";
import type { ExecutionMode } from "./op-impl.js";
import { batchStatsBnModel } from "./testing/batch-stats-bn-model.js";
import { ortMeanCrossEntropy } from "./testing/ort-mean-cross-entropy.js";
import { seededFloats } from "./testing/seeded-floats.js";
import { type EngineBackend, useEngineBackend } from "./testing/use-engine-backend.js";

/** small_cnn at width 0.25 (4 and 8 channels, 16 hidden units) on a batch of 4 28×28 images. */
const SHAPE = [4, 1, 28, 28] as const;
const LABELS = [3, 7, 0, 9];
/**
 * Central-difference step. Small: a conv1 weight moves every activation of the first layer, and
 * with steps of 1e-3 or more some ReLU or max-pool switch falls inside the step (the difference
 * quotient was then off by 1e-3 where the analytic value was 1e-4). Float32 logits carry ~1e-7
 * relative noise, so the quotient's noise is ~1e-7 / (2·eps) ≈ 2e-4.
 */
const EPS = 3e-4;
/** |fd − analytic| ≤ ABS + REL·|analytic|: the float32 noise above plus second-order terms. */
const ABS = 4e-4;
const REL = 2e-2;

interface Analytic {
  readonly input: Float32Array;
  readonly weights: Map<string, Float32Array>;
}

function analyticGradients(exe: OnnxExecutor, x: Float32Array, mode: ExecutionMode): Analytic {
  const input = tf.tensor(x, [...SHAPE], "float32");
  const labels = tf.tensor1d(LABELS, "int32");
  const recording = exe.record(input, mode);
  try {
    const { loss, dLogits } = exe.kernels.softmaxCrossEntropy(recording.output, labels);
    const dMean = tf.div(dLogits, SHAPE[0]);
    const grads = recording.backward(dMean, { weights: true, input: true });
    const weights = new Map<string, Float32Array>();
    for (const [name, g] of grads.weights) {
      const onnx = exe.params.toOnnxLayout(name, g);
      weights.set(name, onnx.dataSync() as Float32Array);
      tf.dispose([g, onnx]);
    }
    const inputGrad = grads.input?.dataSync() as Float32Array;
    tf.dispose([loss, dLogits, dMean, grads.input as tf.Tensor]);
    return { input: inputGrad, weights };
  } finally {
    recording.dispose();
    tf.dispose([input, labels]);
  }
}

/** The coordinate of largest |g| plus `extra` seeded ones. */
function coordinates(g: Float32Array, seed: number, extra: number): number[] {
  let best = 0;
  for (let i = 1; i < g.length; i++) if (Math.abs(g[i]) > Math.abs(g[best])) best = i;
  const r = mulberry32(seed);
  const picks = new Set([best]);
  while (picks.size < Math.min(g.length, extra + 1)) picks.add(Math.floor(r() * g.length));
  return [...picks];
}

/** Central difference of `loss` along coordinate i of `values` (the float32 step actually taken). */
async function centralDifference(
  values: Float32Array,
  i: number,
  loss: (perturbed: Float32Array) => Promise<number>,
): Promise<number> {
  const plus = values.slice();
  const minus = values.slice();
  plus[i] += EPS;
  minus[i] -= EPS;
  return ((await loss(plus)) - (await loss(minus))) / (plus[i] - minus[i]);
}

describe.each<BackendName>(["tensorflow", "wasm"])(
  "small_cnn gradients vs onnxruntime finite differences on %s",
  (backend) => {
    let engine: EngineBackend = { missing: "not selected yet" };
    beforeAll(async () => {
      engine = await useEngineBackend(backend);
    });

    it.for(["eval", "train"] as const)(
      "mode=%s: input and weight gradients of the mean cross-entropy",
      async (mode, ctx) => {
        if ("missing" in engine) return ctx.skip(engine.missing);
        const exe = OnnxExecutor.create(buildZooModel("small_cnn", { widthMultiplier: 0.25, seed: 5 }), {
          tf,
          kernels: engine.kernels,
        });
        try {
          const x = seededFloats(
            11,
            SHAPE.reduce<number>((a, b) => a * b, 1),
            0,
            1,
          );
          // Two train-mode passes move the running statistics away from (0, 1) so eval-mode BN is not trivial.
          for (let s = 0; s < 2; s++) {
            const t = tf.tensor(seededFloats(20 + s, x.length, 0, 1), [...SHAPE], "float32");
            exe.record(t, "train").dispose();
            t.dispose();
          }
          const exported = await exportOnnx(exe);
          const base = mode === "eval" ? exported : batchStatsBnModel(exported);
          const analytic = analyticGradients(exe, x, mode);
          const check = (what: string, fd: number, an: number) => {
            const err = Math.abs(fd - an);
            expect(err, `${what}: fd ${fd} vs analytic ${an}`).toBeLessThanOrEqual(ABS + REL * Math.abs(an));
          };

          for (const i of coordinates(analytic.input, 1, 3)) {
            const fd = await centralDifference(x, i, (xi) => ortMeanCrossEntropy(base, xi, SHAPE, LABELS));
            check(`input[${i}]`, fd, analytic.input[i]);
          }
          expect(analytic.weights.size).toBe(exe.params.weightNames().length);
          for (const [name, g] of analytic.weights) {
            const w = exe.params.readSync(name);
            for (const i of coordinates(g, name.length, 1)) {
              const fd = await centralDifference(w, i, (wi) =>
                ortMeanCrossEntropy(writeInitializers(base, new Map([[name, wi]])), x, SHAPE, LABELS),
              );
              check(`${name}[${i}]`, fd, g[i]);
            }
          }
        } finally {
          exe.dispose();
        }
      },
    );
  },
);
