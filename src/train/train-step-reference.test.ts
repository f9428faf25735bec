import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OnnxExecutor } from "../engine/executor/onnx-executor.js";
import { type EngineBackend, useEngineBackend } from "../engine/executor/testing/use-engine-backend.js";
import { MomentumSgd } from "../engine/optim/momentum-sgd.js";
import { parseOnnxModel } from "../onnx/parse-onnx-model.js";
import { CurrentLayers } from "./current-layers.js";
import { TrainDecaySession } from "./train-decay-session.js";
import { trainStep } from "./train-step.js";

/** Weights after a step vs PyTorch's (float32 both sides, two steps of SGD with momentum). */
const TOLERANCE = 1e-4;

interface ReferenceCase {
  readonly onnx: string;
  readonly opset: number;
  readonly norm: "l1" | "linf";
  readonly beta: number;
  readonly decay_momentum: number;
  readonly lr: number;
  readonly momentum: number;
  readonly weight_decay: number;
  readonly batches: { images: number[]; shape: [number, number, number, number]; labels: number[] }[];
  readonly steps: { loss: number; state: Record<string, number[]> }[];
}

const dir = new URL("../../test/fixtures/train-step/", import.meta.url);
const CASES = ["opset13-l1", "opset15-linf"].map(
  (name) => [name, JSON.parse(readFileSync(new URL(`${name}.json`, dir), "utf8")) as ReferenceCase] as const,
);

let engine: EngineBackend = { missing: "not started" };
beforeAll(async () => {
  engine = await useEngineBackend("tensorflow");
  if ("missing" in engine) engine = await useEngineBackend("wasm");
});
afterAll(() => {
  engine = { missing: "done" };
});

describe("one training step vs PyTorch (test/fixtures/train-step-reference.py)", () => {
  it.for(CASES)(
    "%s: train-mode BN, cross-entropy, backward, norm decay (BN term), SGD momentum + weight decay: 2 steps within 1e-4",
    async ([, c]) => {
      if (!("kernels" in engine)) throw new Error(engine.missing);
      const bytes = readFileSync(new URL(c.onnx, dir));
      const exe = OnnxExecutor.create(bytes, { tf, kernels: engine.kernels });
      const sgd = new MomentumSgd(tf, { momentum: c.momentum, weightDecay: c.weight_decay });
      try {
        const layers = CurrentLayers.create(
          parseOnnxModel(bytes, { inputShape: [1, 1, 8, 8] }).layers,
          exe.params,
        );
        const config = {
          norm: c.norm,
          beta: c.beta,
          momentum: c.decay_momentum,
          kinds: new Set(["conv", "convTranspose", "linear", "batchNorm"] as const),
        };
        const ctx = { exe, sgd, layers, decay: { config, session: new TrainDecaySession() } };
        for (const [k, b] of c.batches.entries()) {
          const outcome = await trainStep(
            ctx,
            {
              images: Float32Array.from(b.images),
              labels: Int32Array.from(b.labels),
              shape: b.shape,
              indices: new Int32Array(b.labels.length),
            },
            c.lr,
            0,
          );
          expect(outcome.loss).toBeCloseTo(c.steps[k].loss, 5);
          for (const [name, expected] of Object.entries(c.steps[k].state)) {
            const ours = exe.params.readSync(name);
            let worst = 0;
            for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - expected[i]));
            expect(worst, `${name} after step ${k + 1}`).toBeLessThan(TOLERANCE);
          }
        }
      } finally {
        sgd.dispose();
        exe.dispose();
      }
    },
  );
});
