import { describe, expect, it } from "vitest";
import { NormserveError } from "../errors/normserve-error.js";
import { makeConvGeometry } from "../math/conv-geometry.js";
import { DecaySessionStore } from "./decay-session-store.js";
import type { LinearOperatorLayer } from "./linear-layer.js";
import { modelNormDecay } from "./model-norm-decay.js";
import { testBatchNormLayer, testConvLayer, testLinearLayer } from "./testing/test-layers.js";

const ALL = new Set<LinearOperatorLayer["kind"]>(["conv", "convTranspose", "linear", "batchNorm"]);
const conv = testConvLayer(
  makeConvGeometry({ inChannels: 1, outChannels: 2, inputSpatial: [3, 3], kernelSpatial: [2, 2] }),
  Float32Array.of(1, -2, 3, 4, 0.5, 0.5, 0.5, 0.5),
);
const linear = testLinearLayer(Float64Array.of(1, 2, 3, -4, 5, 6), 2, 3);
const bn = testBatchNormLayer(Float64Array.of(1, -3), Float64Array.of(1, 1), 0);

function code(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    return error instanceof NormserveError ? `${error.code}: ${error.message}` : String(error);
  }
  return "no error";
}

describe("modelNormDecay", () => {
  it("steps the selected kinds in layer order; float32 weights give float32 results", () => {
    const out = modelNormDecay([conv, linear, bn], {
      norm: "linf",
      beta: 1,
      momentum: 0,
      kinds: new Set(["conv", "batchNorm"]),
    });
    expect(out.map((o) => o.layer.kind)).toEqual(["conv", "batchNorm"]);
    expect(out[0].decay).toBeInstanceOf(Float32Array);
    // L∞ of conv: row of output channel 0 at (0,0) sees all 4 taps: |1|+|−2|+|3|+|4| = 10.
    expect(out[0].normBefore.value).toBe(10);
    expect(Array.from(out[0].decay ?? [])).toEqual([1, -1, 1, 1, 0, 0, 0, 0]);
    expect(Array.from(out[1].decay ?? [])).toEqual([0, -1]);
  });

  it("inPlace: the result is the gradient array itself when its type matches the weight's", () => {
    const gradient = Float64Array.of(0, 0, 0, 0, 0, 0);
    const gradients = new Map([[linear.weightName, gradient]]);
    const [result] = modelNormDecay([linear], {
      norm: "l1",
      beta: 2,
      momentum: 0,
      kinds: ALL,
      gradients,
      inPlace: true,
    });
    expect(result.decay).toBe(gradient);
    expect(result.includesGradient).toBe(true);
    expect(Array.from(gradient)).toEqual([0, 0, 2, 0, 0, 2]); // column 2: |3| + |6| = 9
    const copy = Float32Array.of(0, 0, 0, 0, 0, 0);
    const [other] = modelNormDecay([linear], {
      norm: "l1",
      beta: 2,
      momentum: 0,
      kinds: ALL,
      gradients: new Map([[linear.weightName, copy]]),
      inPlace: true,
    });
    expect(other.decay).not.toBe(copy);
    expect(other.decay).toBeInstanceOf(Float64Array);
  });

  it("a refused reservation leaves the session's state untouched", () => {
    const store = new DecaySessionStore({ maxStateBytes: 0 });
    try {
      const session = store.open();
      const state = { session, reserve: (bytes: number) => store.reserve(bytes) };
      expect(
        code(() => modelNormDecay([linear], { norm: "l1", beta: 1, momentum: 0.5, kinds: ALL, state })),
      ).toMatch(/^RESOURCE_EXHAUSTED/);
      expect(store.stateBytes).toBe(0);
      expect(session.stateFor(linear.nodeName, linear.weightName, 6).size).toBe(0);
    } finally {
      store.close();
    }
  });

  it.each([
    ["beta is not finite", { beta: Number.POSITIVE_INFINITY }, /^INVALID_ARGUMENT: beta: must be finite/],
    ["momentum is negative", { momentum: -0.1 }, /^INVALID_ARGUMENT: momentum: must be in \[0, 1\]/],
    [
      "a gradient has the wrong length",
      { gradients: new Map([[linear.weightName, new Float64Array(5)]]) },
      /^INVALID_ARGUMENT: gradients\['Gemm_0\.weight'\]: 5 elements, the weight of Gemm_0 has 6/,
    ],
  ])("throws when %s", (_, fields, message) => {
    expect(
      code(() => modelNormDecay([linear], { norm: "l1", beta: 1, momentum: 0, kinds: ALL, ...fields })),
    ).toMatch(message);
  });
});
