import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convAbsSums } from "./conv-abs-sums.js";
import { type ConvGeometry, ConvGeometryError, makeConvGeometry } from "./conv-geometry.js";
import type { WeightArray } from "./norm-result.js";

function geometry(
  inChannels: number,
  outChannels: number,
  group: number,
  kernelSpatial: number[],
): ConvGeometry {
  return makeConvGeometry({
    inChannels,
    outChannels,
    group,
    inputSpatial: kernelSpatial.map((k) => k + 2),
    kernelSpatial,
  });
}

/** Straight per-element definition, sequential float64 sums. */
function naiveAbsSums(kernel: WeightArray, g: ConvGeometry): { out: Float64Array; inp: Float64Array } {
  const taps = g.kernelSpatial.reduce((a, b) => a * b, 1);
  const cinG = g.inChannels / g.group;
  const coutG = g.outChannels / g.group;
  const out = new Float64Array(g.outChannels * taps);
  const inp = new Float64Array(g.inChannels * taps);
  for (let o = 0; o < g.outChannels; o++) {
    for (let cl = 0; cl < cinG; cl++) {
      const c = Math.floor(o / coutG) * cinG + cl;
      for (let t = 0; t < taps; t++) {
        const v = Math.abs(kernel[(o * cinG + cl) * taps + t]);
        out[o * taps + t] += v;
        inp[c * taps + t] += v;
      }
    }
  }
  return { out, inp };
}

function maxRelativeError(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++)
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-300));
  return worst;
}

describe("convAbsSums", () => {
  it("x=[2,·] k=[2] o=2 g=1: hand-computed sums", () => {
    // K[o][c'][k]: o0 = [[1,-2],[3,-4]], o1 = [[-5,6],[0,7]]
    const kernel = Float64Array.of(1, -2, 3, -4, -5, 6, 0, 7);
    const { outputTapAbsSums, inputTapAbsSums } = convAbsSums(kernel, geometry(2, 2, 1, [2]));
    expect([...outputTapAbsSums]).toEqual([4, 6, 5, 13]);
    expect([...inputTapAbsSums]).toEqual([6, 8, 3, 11]);
  });

  it("x=[4,·] k=[1] o=2 g=2: each input channel sums only its group's outputs", () => {
    // group 0: o0 reads c0,c1; group 1: o1 reads c2,c3
    const kernel = Float32Array.of(1, -2, 3, -4);
    const { outputTapAbsSums, inputTapAbsSums } = convAbsSums(kernel, geometry(4, 2, 2, [1]));
    expect([...outputTapAbsSums]).toEqual([3, 7]);
    expect([...inputTapAbsSums]).toEqual([1, 2, 3, 4]);
  });

  it("matches the per-element definition (float32 and float64, groups, depthwise, 8-channel blocks)", () => {
    const config = fc.record({
      group: fc.integer({ min: 1, max: 3 }),
      cinG: fc.integer({ min: 1, max: 4 }),
      coutG: fc.integer({ min: 1, max: 19 }),
      kernel: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
      float32: fc.boolean(),
      seed: fc.integer(),
    });
    fc.assert(
      fc.property(config, ({ group, cinG, coutG, kernel, float32, seed }) => {
        const g = geometry(group * cinG, group * coutG, group, kernel);
        const n = g.outChannels * cinG * kernel.reduce((a, b) => a * b, 1);
        const values = Array.from({ length: n }, (_, i) => Math.sin(seed + 7.3 * i) * 3);
        const k = float32 ? Float32Array.from(values) : Float64Array.from(values);
        const got = convAbsSums(k, g);
        const want = naiveAbsSums(k, g);
        // Output sums run over c' in order in both: bit-identical. Input sums use a tree order.
        expect(got.outputTapAbsSums).toEqual(want.out);
        expect(maxRelativeError(got.inputTapAbsSums, want.inp)).toBeLessThanOrEqual(1e-14);
      }),
      { numRuns: 200 },
    );
  });

  it("float32 and float64 copies of the same kernel agree", () => {
    const g = geometry(16, 24, 1, [3, 3]);
    const values = Float32Array.from({ length: 24 * 16 * 9 }, (_, i) => Math.cos(i) - 0.25);
    const a = convAbsSums(values, g);
    const b = convAbsSums(Float64Array.from(values), g);
    expect(maxRelativeError(a.outputTapAbsSums, b.outputTapAbsSums)).toBe(0);
    expect(maxRelativeError(a.inputTapAbsSums, b.inputTapAbsSums)).toBeLessThanOrEqual(1e-14);
  });

  it("throws when the kernel length does not match [C_out, C_in/group, k...]", () => {
    expect(() => convAbsSums(new Float32Array(17), geometry(2, 3, 1, [3]))).toThrow(ConvGeometryError);
    expect(() => convAbsSums(new Float32Array(17), geometry(2, 3, 1, [3]))).toThrow(
      /convAbsSums: kernel has 17 elements, expected 18/,
    );
  });
});
