import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ConvGeometry,
  ConvGeometryError,
  type ConvGeometryOptions,
  makeConvGeometry,
} from "./conv-geometry.js";
import { convOperatorNorms } from "./conv-opnorms.js";
import { makeConvTransposeAdjointGeometry } from "./conv-transpose-geometry.js";
import { absConvOnes } from "./testing/abs-conv-ones.js";
import { caseName, convCase, kernelOf, type RandomCase } from "./testing/conv-case-arbitraries.js";
import { denseAbsSumNorms } from "./testing/dense-abs-sums.js";
import { denseConvMatrix } from "./testing/dense-conv-matrix.js";
import { normMismatch } from "./testing/norm-mismatch.js";

const BOTH = { l1: true, linf: true } as const;

/** Both norms against the dense matrix, and the two oracles against each other. */
function checkAgainstDense(c: RandomCase<ConvGeometryOptions>): void {
  const g = makeConvGeometry(c.options);
  const name = caseName(c);
  const kernel = kernelOf(c);
  const dense = denseAbsSumNorms(denseConvMatrix(kernel, g), g.inputSpatial, g.outputSpatial);
  const got = convOperatorNorms(kernel, g, BOTH);
  const tolerance = c.kind === "integers" ? 0 : 1e-12;
  expect(normMismatch(`${name} L1`, got.l1, dense.columnSums, g.inputSpatial, tolerance)).toBeUndefined();
  expect(normMismatch(`${name} L∞`, got.linf, dense.rowSums, g.outputSpatial, tolerance)).toBeUndefined();
  const ones = absConvOnes(kernel, g);
  for (let j = 0; j < ones.columnSums.length; j++)
    expect(Math.abs(ones.columnSums[j] - dense.columnSums[j])).toBeLessThanOrEqual(1e-12 * dense.l1.value);
  for (let i = 0; i < ones.rowSums.length; i++)
    expect(Math.abs(ones.rowSums[i] - dense.rowSums[i])).toBeLessThanOrEqual(1e-12 * dense.linf.value);
}

function geometry(
  options: Partial<ConvGeometryOptions> & Pick<ConvGeometryOptions, "kernelSpatial">,
): ConvGeometry {
  return makeConvGeometry({ inChannels: 1, outChannels: 1, inputSpatial: options.kernelSpatial, ...options });
}

describe("convOperatorNorms: golden cases", () => {
  it("x=[1,1,1] k=[3,3] p=[1,1,1,1]: only the centre tap counts", () => {
    const g = geometry({ inputSpatial: [1, 1], kernelSpatial: [3, 3], pads: [1, 1, 1, 1] });
    const kernel = Float64Array.of(9, -8, 7, -6, 5, -4, 3, -2, 1);
    expect(convOperatorNorms(kernel, g, BOTH)).toEqual({
      l1: { value: 5, channel: 0, position: [0, 0] },
      linf: { value: 5, channel: 0, position: [0, 0] },
    });
  });

  it("x=[1,4] k=[3] s=[2]: the last input is skipped by the stride and has column sum 0", () => {
    // One output, M = [1, −2, 3, 0].
    const g = geometry({ inputSpatial: [4], kernelSpatial: [3], strides: [2] });
    expect(convOperatorNorms(Float32Array.of(1, -2, 3), g, BOTH)).toEqual({
      l1: { value: 3, channel: 0, position: [2] },
      linf: { value: 6, channel: 0, position: [0] },
    });
  });

  it("x=[1,3] k=[3] p=[1,1] K=[0,5,0]: ties resolve to the lowest position, even with fewer taps", () => {
    // Every row and column has abs sum 5; position 0 only sees taps {1,2} (or {0,1}).
    const g = geometry({ inputSpatial: [3], kernelSpatial: [3], pads: [1, 1] });
    expect(convOperatorNorms(Float64Array.of(0, 5, 0), g, BOTH)).toEqual({
      l1: { value: 5, channel: 0, position: [0] },
      linf: { value: 5, channel: 0, position: [0] },
    });
  });

  it("x=[1,5,5] k=[3,3] p=[1,1,1,1] ones: interior element [1,1] is the first with all taps", () => {
    const g = geometry({ inputSpatial: [5, 5], kernelSpatial: [3, 3], pads: [1, 1, 1, 1] });
    const norms = convOperatorNorms(new Float32Array(9).fill(1), g, BOTH);
    expect(norms.l1).toEqual({ value: 9, channel: 0, position: [1, 1] });
    expect(norms.linf).toEqual({ value: 9, channel: 0, position: [1, 1] });
  });

  it("x=[4,3] k=[2] g=2 o=2: the largest channel wins, lowest on ties", () => {
    // Group 0: o0 reads c0,c1 with [1,1],[1,1]; group 1: o1 reads c2,c3 with [3,0],[0,3].
    const g = geometry({ inChannels: 4, outChannels: 2, group: 2, inputSpatial: [3], kernelSpatial: [2] });
    const norms = convOperatorNorms(Float64Array.of(1, 1, 1, 1, 3, 0, 0, 3), g, BOTH);
    // Columns: c2 at y=0 sees tap 0 only (3), y=1 taps {0,1} (3); c3 at y=1 sees 3 too.
    expect(norms.l1).toEqual({ value: 3, channel: 2, position: [0] });
    expect(norms.linf).toEqual({ value: 6, channel: 1, position: [0] });
  });

  it("x=[1,2,2,2] k=[3,3,3] p=1 (3-d): each corner sees a 2×2×2 block of taps", () => {
    const g = geometry({ inputSpatial: [2, 2, 2], kernelSpatial: [3, 3, 3], pads: [1, 1, 1, 1, 1, 1] });
    const kernel = Float64Array.from({ length: 27 }, (_, t) => t + 1);
    const norms = convOperatorNorms(kernel, g, BOTH);
    // Output [1,1,1] reads taps {0,1}³ = 1+2+4+5+10+11+13+14 = 60; output [0,0,0] reads {1,2}³ = 14+…+27 = 164.
    expect(norms.linf).toEqual({ value: 164, channel: 0, position: [0, 0, 0] });
    // Input [0,0,0] feeds outputs through taps {0,1}³ (output 0 via 1, output 1 via 0): 60; [1,1,1] via {1,2}³.
    expect(norms.l1).toEqual({ value: 164, channel: 0, position: [1, 1, 1] });
  });

  it("x=[3,4,4] k=[3,3] zero kernel: 0 at channel 0, position all zeros", () => {
    const g = geometry({
      inChannels: 3,
      outChannels: 2,
      inputSpatial: [4, 4],
      kernelSpatial: [3, 3],
      strides: [2, 2],
    });
    expect(convOperatorNorms(new Float32Array(54), g, BOTH)).toEqual({
      l1: { value: 0, channel: 0, position: [0, 0] },
      linf: { value: 0, channel: 0, position: [0, 0] },
    });
  });

  it("computes only the requested norms", () => {
    const g = geometry({ inputSpatial: [4], kernelSpatial: [2] });
    const kernel = Float64Array.of(1, 2);
    expect(convOperatorNorms(kernel, g, { l1: true, linf: false })).toEqual({
      l1: { value: 3, channel: 0, position: [1] },
    });
    expect(Object.keys(convOperatorNorms(kernel, g, { l1: false, linf: true }))).toEqual(["linf"]);
    expect(convOperatorNorms(kernel, g, { l1: false, linf: false })).toEqual({});
  });

  it("throws when the kernel does not match the geometry", () => {
    const g = geometry({ inChannels: 2, outChannels: 2, inputSpatial: [4, 4], kernelSpatial: [3, 3] });
    expect(() => convOperatorNorms(new Float32Array(9), g, BOTH)).toThrow(ConvGeometryError);
  });
});

describe("convOperatorNorms vs the dense matrix", () => {
  it("1-d: stride, dilation, groups incl. depthwise and 8-channel blocks, pads, auto_pad", () => {
    const limits = { rank: 1, input: 9, kernel: 5, group: 3, cinG: 3, coutG: 9 };
    fc.assert(fc.property(convCase(limits, ["float64", "float32"]), checkAgainstDense), { numRuns: 400 });
  });

  it("1-d sparse integer kernels: exact ties", () => {
    const limits = { rank: 1, input: 8, kernel: 4, group: 2, cinG: 2, coutG: 3 };
    fc.assert(fc.property(convCase(limits, ["integers"]), checkAgainstDense), { numRuns: 400 });
  });

  it("2-d: inputs smaller than the kernel, asymmetric pads, auto_pad", () => {
    const limits = { rank: 2, input: 8, kernel: 4, group: 3, cinG: 2, coutG: 2 };
    fc.assert(fc.property(convCase(limits, ["float64", "float32"]), checkAgainstDense), { numRuns: 400 });
  });

  it("2-d sparse integer kernels: exact ties", () => {
    const limits = { rank: 2, input: 6, kernel: 3, group: 2, cinG: 2, coutG: 2 };
    fc.assert(fc.property(convCase(limits, ["integers"]), checkAgainstDense), { numRuns: 400 });
  });

  it("3-d", () => {
    const limits = { rank: 3, input: 4, kernel: 3, group: 2, cinG: 2, coutG: 2 };
    fc.assert(fc.property(convCase(limits, ["float64", "float32", "integers"]), checkAgainstDense), {
      numRuns: 150,
    });
  });
});

describe("convOperatorNorms vs conv(|K|) on all-ones (matrix-free oracle)", () => {
  it("2-d inputs up to 20×20, up to 12 output channels per group", () => {
    const limits = { rank: 2, input: 20, minInput: 6, kernel: 5, group: 2, cinG: 6, coutG: 12 };
    fc.assert(
      fc.property(convCase(limits, ["float32", "integers"]), (c) => {
        const g = makeConvGeometry(c.options);
        const name = caseName(c);
        const kernel = kernelOf(c);
        const { rowSums, columnSums } = absConvOnes(kernel, g);
        const got = convOperatorNorms(kernel, g, BOTH);
        const tolerance = c.kind === "integers" ? 0 : 1e-12;
        expect(normMismatch(`${name} L1`, got.l1, columnSums, g.inputSpatial, tolerance)).toBeUndefined();
        expect(normMismatch(`${name} L∞`, got.linf, rowSums, g.outputSpatial, tolerance)).toBeUndefined();
      }),
      { numRuns: 80 },
    );
  });
});

describe("absurd shapes", () => {
  it("throws when the input activation exceeds 2^28 elements (x=[2, 2^20, 2^20] k=3)", () => {
    expect(() =>
      makeConvGeometry({
        inChannels: 2,
        outChannels: 2,
        inputSpatial: [2 ** 20, 2 ** 20],
        kernelSpatial: [3, 3],
      }),
    ).toThrow(
      /the input \[2, 1048576, 1048576\] has 2199023255552 elements, more than the 268435456 supported/,
    );
  });

  it("throws when a transposed conv's output exceeds 2^28 elements (x=[1, 4, 4] s=2^20)", () => {
    expect(() =>
      makeConvTransposeAdjointGeometry({
        inChannels: 1,
        outChannels: 1,
        inputSpatial: [4, 4],
        kernelSpatial: [1, 1],
        strides: [2 ** 20, 2 ** 20],
      }),
    ).toThrow(/makeConvTransposeAdjointGeometry: the input \[1, .*\] has .* elements, more than/);
  });

  it("accepts the largest real layers (x=[64, 2048, 2048] k=3 pad 1) and answers at once", () => {
    const geometry = makeConvGeometry({
      inChannels: 64,
      outChannels: 64,
      inputSpatial: [2048, 2048],
      kernelSpatial: [3, 3],
      pads: [1, 1, 1, 1],
    });
    const kernel = new Float32Array(64 * 64 * 9).fill(1);
    const result = convOperatorNorms(kernel, geometry, { l1: true, linf: true });
    expect(result.linf?.value).toBe(64 * 9);
    expect(result.l1?.value).toBe(64 * 9);
  });
});
