import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { backend_util } from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "../../math/mulberry32.js";
import { loadWasmBackend } from "../backend/load-wasm-backend.js";
import { maxRelativeDiff } from "./compare-tensors.js";
import { registerWasmTrainingKernels } from "./register-wasm-training-kernels.js";

type Pad = "valid" | "same" | number | backend_util.ExplicitPadding;

interface ConvCase {
  readonly x: [number, number, number, number];
  readonly k: [number, number];
  readonly out: number;
  readonly strides: [number, number];
  readonly dilations: [number, number];
  readonly pad: Pad;
}

/** Seeded random geometries: odd sizes, batch up to 3, stride and dilation up to 2, all pad kinds. */
function randomCases(seed: number, count: number, out: (r: () => number) => number): ConvCase[] {
  const r = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pads: Array<() => Pad> = [
    () => "valid",
    () => "same",
    () => int(0, 2),
    () => [
      [0, 0],
      [int(0, 2), int(0, 2)],
      [int(0, 2), int(0, 2)],
      [0, 0],
    ],
  ];
  const cases: ConvCase[] = [];
  while (cases.length < count) {
    const c: ConvCase = {
      x: [int(1, 3), int(5, 11), int(5, 11), int(1, 4)],
      k: [int(1, 4), int(1, 4)],
      out: out(r),
      strides: [int(1, 2), int(1, 2)],
      dilations: [int(1, 2), int(1, 2)],
      pad: pads[cases.length % pads.length](),
    };
    // 'same' with stride and dilation both above 1 is rejected by tfjs's own ops; skip it too.
    const both = c.strides.some((s) => s > 1) && c.dilations.some((d) => d > 1);
    const info = geometry(c, false);
    if (!(both && c.pad === "same") && info.outHeight > 0 && info.outWidth > 0) cases.push(c);
  }
  return cases;
}

function geometry(c: ConvCase, depthwise: boolean): backend_util.Conv2DInfo {
  const filter: [number, number, number, number] = [c.k[0], c.k[1], c.x[3], c.out];
  return backend_util.computeConv2DInfo(c.x, filter, c.strides, c.dilations, c.pad, undefined, depthwise);
}

function label(c: ConvCase): string {
  return `x=[${c.x}] k=[${c.k}] out=${c.out} s=[${c.strides}] d=[${c.dilations}] pad=${JSON.stringify(c.pad)}`;
}

function seeded(shape: number[], seed: number): tf.Tensor {
  const r = mulberry32(seed);
  return tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r() * 2 - 1),
    shape,
  );
}

/**
 * The filter with `d − 1` zeros between taps: a dilated filter as an undilated one. The cpu
 * backend's depthwise backprop kernels compute the geometry with dilation but loop without it,
 * so dilated cases are checked against them through this equivalent undilated filter.
 */
function zeroInsertFilter(f: tf.Tensor, dilations: [number, number]): tf.Tensor {
  const [kh, kw, c, m] = f.shape;
  const [dh, dw] = dilations;
  const eh = (kh - 1) * dh + 1;
  const ew = (kw - 1) * dw + 1;
  const src = f.dataSync();
  const out = new Float32Array(eh * ew * c * m);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      for (let k = 0; k < c * m; k++) out[(i * dh * ew + j * dw) * c * m + k] = src[(i * kw + j) * c * m + k];
    }
  }
  return tf.tensor(out, [eh, ew, c, m]);
}

/** Runs `kernel` on `backend` with fresh seeded inputs and returns the output's values. */
async function runOn(
  backend: string,
  kernel: string,
  shapes: Record<string, number[]>,
  attrs: Record<string, unknown>,
  prepare: (name: string, t: tf.Tensor) => tf.Tensor = (_, t) => t,
): Promise<{ shape: number[]; data: Float32Array }> {
  await tf.setBackend(backend);
  const inputs = Object.fromEntries(
    Object.entries(shapes).map(([k, s], i) => {
      const raw = seeded(s, 31 + i);
      const t = prepare(k, raw);
      if (t !== raw) raw.dispose();
      return [k, t];
    }),
  );
  const before = tf.memory().numTensors;
  const out = tf.engine().runKernel(kernel, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
  expect(tf.memory().numTensors).toBe(before + 1);
  const result = { shape: out.shape, data: Float32Array.from(out.dataSync()) };
  tf.dispose([out, ...Object.values(inputs)]);
  return result;
}

function diff(
  a: { shape: number[]; data: Float32Array },
  b: { shape: number[]; data: Float32Array },
): number {
  const ta = tf.tensor(a.data, a.shape);
  const tb = tf.tensor(b.data, b.shape);
  const d = maxRelativeDiff([ta], [tb]);
  tf.dispose([ta, tb]);
  return d;
}

describe("wasm conv backprop kernels equal the cpu backend's", () => {
  beforeAll(async () => {
    await loadWasmBackend();
    registerWasmTrainingKernels();
  });

  for (const c of randomCases(7, 24, (r) => 1 + Math.floor(r() * 5))) {
    it(`Conv2DBackpropFilter ${label(c)}`, async () => {
      const info = geometry(c, false);
      const dy = [c.x[0], info.outHeight, info.outWidth, c.out];
      const attrs = {
        strides: c.strides,
        pad: c.pad,
        dataFormat: "NHWC",
        filterShape: [c.k[0], c.k[1], c.x[3], c.out],
      };
      const wasm = await runOn(
        "wasm",
        "Conv2DBackpropFilter",
        { x: c.x, dy },
        { ...attrs, dilations: c.dilations },
      );
      // The cpu kernel has no dilation: a dilated filter is the undilated one with zeros between
      // taps, so its gradient is every d-th tap of the gradient of that larger filter.
      const eh = (c.k[0] - 1) * c.dilations[0] + 1;
      const ew = (c.k[1] - 1) * c.dilations[1] + 1;
      const dense = await runOn(
        "cpu",
        "Conv2DBackpropFilter",
        { x: c.x, dy },
        { ...attrs, filterShape: [eh, ew, c.x[3], c.out] },
      );
      const full = tf.tensor(dense.data, dense.shape);
      const picked = tf.stridedSlice(
        full,
        [0, 0, 0, 0],
        [eh, ew, c.x[3], c.out],
        [c.dilations[0], c.dilations[1], 1, 1],
      );
      const cpu = { shape: picked.shape, data: Float32Array.from(picked.dataSync()) };
      tf.dispose([full, picked]);
      expect(diff(wasm, cpu)).toBeLessThan(1e-4);
    });
  }

  for (const c of randomCases(11, 24, (r) => 1 + Math.floor(r() * 3))) {
    const mult = c.out;
    const filterShape = [c.k[0], c.k[1], c.x[3], mult];
    it(`DepthwiseConv2dNativeBackpropFilter ${label(c)}`, async () => {
      const info = geometry({ ...c, out: mult }, true);
      const dy = [c.x[0], info.outHeight, info.outWidth, c.x[3] * mult];
      const attrs = { strides: c.strides, dilations: c.dilations, pad: c.pad, filterShape };
      const wasm = await runOn("wasm", "DepthwiseConv2dNativeBackpropFilter", { x: c.x, dy }, attrs);
      const eh = (c.k[0] - 1) * c.dilations[0] + 1;
      const ew = (c.k[1] - 1) * c.dilations[1] + 1;
      const dense = await runOn(
        "cpu",
        "DepthwiseConv2dNativeBackpropFilter",
        { x: c.x, dy },
        {
          ...attrs,
          dilations: 1,
          filterShape: [eh, ew, c.x[3], mult],
        },
      );
      const full = tf.tensor(dense.data, dense.shape);
      const picked = tf.stridedSlice(
        full,
        [0, 0, 0, 0],
        [eh, ew, c.x[3], mult],
        [c.dilations[0], c.dilations[1], 1, 1],
      );
      const cpu = { shape: picked.shape, data: Float32Array.from(picked.dataSync()) };
      tf.dispose([full, picked]);
      expect(diff(wasm, cpu)).toBeLessThan(1e-4);
    });
    it(`DepthwiseConv2dNativeBackpropInput ${label(c)}`, async () => {
      const info = geometry({ ...c, out: mult }, true);
      const dy = [c.x[0], info.outHeight, info.outWidth, c.x[3] * mult];
      const attrs = { strides: c.strides, dilations: c.dilations, pad: c.pad, inputShape: c.x };
      const wasm = await runOn(
        "wasm",
        "DepthwiseConv2dNativeBackpropInput",
        { dy, filter: filterShape },
        attrs,
      );
      const cpu = await runOn(
        "cpu",
        "DepthwiseConv2dNativeBackpropInput",
        { dy, filter: filterShape },
        { ...attrs, dilations: 1 },
        (name, t) => (name === "filter" ? zeroInsertFilter(t, c.dilations) : t),
      );
      expect(diff(wasm, cpu)).toBeLessThan(1e-4);
    });
  }

  for (const c of randomCases(13, 16, () => 0).filter((c) => typeof c.pad !== "object")) {
    it(`MaxPoolGrad ${label(c)}`, async () => {
      const attrs = { filterSize: c.k, strides: c.strides, pad: c.pad };
      // The forward pool runs on cpu for both: with a numeric pad and a non-square window tfjs's
      // own MaxPool kernels disagree (wasm vs cpu), and this test is about the gradient kernel.
      await tf.setBackend("cpu");
      const x0 = seeded(c.x, 5);
      const y0 = tf.maxPool(x0 as tf.Tensor4D, c.k, c.strides, c.pad as "valid" | "same" | number);
      const y = { shape: y0.shape, data: Float32Array.from(y0.dataSync()) };
      tf.dispose([x0, y0]);
      const run = async (backend: string) => {
        await tf.setBackend(backend);
        const xs = seeded(c.x, 5);
        const ys = tf.tensor(y.data, y.shape);
        const dys = seeded(y.shape, 6);
        const before = tf.memory().numTensors;
        const out = tf
          .engine()
          .runKernel("MaxPoolGrad", { dy: dys, input: xs, output: ys }, attrs) as tf.Tensor;
        expect(tf.memory().numTensors).toBe(before + 1);
        const r = { shape: out.shape, data: Float32Array.from(out.dataSync()) };
        tf.dispose([xs, ys, dys, out]);
        return r;
      };
      expect(diff(await run("wasm"), await run("cpu"))).toBeLessThan(1e-4);
    });
  }

  it("UnsortedSegmentSum x=[6,2,3] ids=[6] with an out-of-range id", async () => {
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const x = seeded([6, 2, 3], 3);
      const ids = tf.tensor1d([2, 0, 2, 4, 1, 0], "int32");
      const out = tf.unsortedSegmentSum(x, ids, 4);
      const r = { shape: out.shape, data: Float32Array.from(out.dataSync()) };
      tf.dispose([x, ids, out]);
      return r;
    };
    expect(diff(await run("wasm"), await run("cpu"))).toBeLessThan(1e-4);
  });
});
