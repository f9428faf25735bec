import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { loadWasmBackend } from "../backend/load-wasm-backend.js";
import { maxRelativeDiff } from "./compare-tensors.js";
import { registerWasmTrainingKernels } from "./register-wasm-training-kernels.js";
import { trainingGradCases } from "./training-grad-cases.js";

/** Runs every gradient case on wasm and returns the kernels reported missing. */
function missingKernels(): string[] {
  const missing = new Set<string>();
  for (const c of trainingGradCases) {
    try {
      tf.dispose(c.run());
    } catch (e) {
      const m = /Kernel '(\w+)' not registered for backend 'wasm'/.exec(String(e));
      if (m === null) throw e;
      missing.add(m[1]);
    }
  }
  return [...missing].sort();
}

describe("wasm training kernels probe", () => {
  beforeAll(async () => {
    await loadWasmBackend();
  });

  it("finds exactly the kernels tfjs-backend-wasm 4.22 lacks, and none after registration", () => {
    expect(missingKernels()).toEqual([
      "Conv2DBackpropFilter",
      "DepthwiseConv2dNativeBackpropInput",
      "UnsortedSegmentSum",
    ]);
    const added = registerWasmTrainingKernels();
    expect(added).toEqual([
      "Conv2DBackpropFilter",
      "DepthwiseConv2dNativeBackpropInput",
      "DepthwiseConv2dNativeBackpropFilter",
      "UnsortedSegmentSum",
      "MaxPoolGrad",
    ]);
    expect(registerWasmTrainingKernels()).toEqual([]);
    expect(missingKernels()).toEqual([]);
  });

  for (const c of trainingGradCases) {
    it(`${c.name}: value and grads on wasm equal cpu within 1e-4 relative, no leak`, async () => {
      registerWasmTrainingKernels();
      await tf.setBackend("wasm");
      const before = tf.memory().numTensors;
      const wasm = c.run();
      expect(tf.memory().numTensors).toBe(before + wasm.length);
      const wasmValues = wasm.map((t) => ({ shape: t.shape, data: t.dataSync().slice() }));
      tf.dispose(wasm);
      await tf.setBackend("cpu");
      const cpu = c.run();
      const wasmOnCpu = wasmValues.map((v) => tf.tensor(v.data, v.shape));
      expect(maxRelativeDiff(wasmOnCpu, cpu)).toBeLessThan(1e-4);
      tf.dispose([...cpu, ...wasmOnCpu]);
      await tf.setBackend("wasm");
    });
  }
});
