import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeConvGeometry } from "./conv-geometry.js";
import {
  batchNormMaximiserWeights,
  convMaximiserWeights,
  convTransposeMaximiserWeights,
  linearMaximiserWeights,
} from "./conv-maximiser-weights.js";
import { makeConvTransposeAdjointGeometry } from "./conv-transpose-geometry.js";
import { caseName, convTransposeCase } from "./testing/conv-case-arbitraries.js";
import {
  denseConvIndex,
  denseIndexFromMatrix,
  denseLineIndices,
  denseLineLocation,
  indexKernel,
} from "./testing/dense-conv-index.js";
import { denseConvTransposeMatrix } from "./testing/dense-conv-matrix.js";
import { convConfigArbitrary, convConfigGeometry, convConfigName } from "./testing/random-conv.js";

describe("convMaximiserWeights vs the dense conv matrix", () => {
  it("every column (l1) and row (linf) of random configs: same kernel indices, sorted", () => {
    fc.assert(
      fc.property(convConfigArbitrary(), (config) => {
        const g = convConfigGeometry(config);
        fc.pre(g !== undefined);
        if (g === undefined) return;
        const dense = denseConvIndex(g);
        for (const norm of ["l1", "linf"] as const) {
          const lines = norm === "l1" ? dense.cols : dense.rows;
          for (let line = 0; line < lines; line++) {
            const got = Array.from(convMaximiserWeights(g, norm, denseLineLocation(g, norm, line)));
            expect(got, `${convConfigName(config)} ${norm} line ${line}`).toEqual(
              denseLineIndices(dense, norm, line),
            );
          }
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it("x=[2,3,3] k=[3,3] p=1 g=1 o=2 l1 at centre: every o, channel 1, all 9 taps", () => {
    const g = makeConvGeometry({
      inChannels: 2,
      outChannels: 2,
      inputSpatial: [3, 3],
      kernelSpatial: [3, 3],
      pads: [1, 1, 1, 1],
    });
    const got = Array.from(convMaximiserWeights(g, "l1", { channel: 1, position: [1, 1] }));
    expect(got).toEqual([
      ...Array.from({ length: 9 }, (_, t) => 9 + t),
      ...Array.from({ length: 9 }, (_, t) => 27 + t),
    ]);
  });

  it("x=[4,1] k=[2] g=2 o=4 l1 channel 3: only the second group's outputs", () => {
    const g = makeConvGeometry({
      inChannels: 4,
      outChannels: 4,
      group: 2,
      inputSpatial: [1],
      kernelSpatial: [2],
      pads: [1, 0],
    });
    // Kernel [4, 2, 2]; channel 3 is local channel 1 of group 1 (outputs 2, 3); only tap 1 reaches y = 0.
    expect(Array.from(convMaximiserWeights(g, "l1", { channel: 3, position: [0] }))).toEqual([11, 15]);
  });

  it("throws when the channel or position is outside the conv", () => {
    const g = makeConvGeometry({ inChannels: 1, outChannels: 2, inputSpatial: [4], kernelSpatial: [3] });
    expect(() => convMaximiserWeights(g, "l1", { channel: 1, position: [0] })).toThrow(/channel/);
    expect(() => convMaximiserWeights(g, "linf", { channel: 0, position: [2] })).toThrow(/position\[0\]/);
    expect(() => convMaximiserWeights(g, "linf", { channel: 0, position: [0, 0] })).toThrow(/coordinates/);
  });
});

describe("convTransposeMaximiserWeights", () => {
  it("its L1 column is the adjoint conv's L∞ row and vice versa (random configs)", () => {
    fc.assert(
      fc.property(convConfigArbitrary(), (config) => {
        const adjoint = convConfigGeometry(config);
        fc.pre(adjoint !== undefined);
        if (adjoint === undefined) return;
        const dense = denseConvIndex(adjoint); // the ConvTranspose matrix is its transpose
        for (let row = 0; row < dense.rows; row++) {
          const location = denseLineLocation(adjoint, "linf", row);
          expect(Array.from(convTransposeMaximiserWeights(adjoint, "l1", location))).toEqual(
            denseLineIndices(dense, "linf", row),
          );
        }
        for (let col = 0; col < dense.cols; col++) {
          const location = denseLineLocation(adjoint, "l1", col);
          expect(Array.from(convTransposeMaximiserWeights(adjoint, "linf", location))).toEqual(
            denseLineIndices(dense, "l1", col),
          );
        }
      }),
      { numRuns: 100, seed: 12 },
    );
  });
});

/** The shared random ConvTranspose cases (pads, output_padding, output_shape, auto_pad), rank 1 and 2. */
const convTransposeCases = fc.oneof(
  convTransposeCase({ rank: 1, input: 6, kernel: 4, group: 2, cinG: 2, coutG: 3 }, ["integers"]),
  convTransposeCase({ rank: 2, input: 4, kernel: 3, group: 2, cinG: 2, coutG: 2 }, ["integers"]),
);

describe("convTransposeMaximiserWeights vs the ONNX ConvTranspose definition", () => {
  it("random ConvTranspose cases (stride, dilation, groups, pads, output_padding/shape, auto_pad): every column and row", () => {
    let checked = 0;
    fc.assert(
      fc.property(convTransposeCases, (c) => {
        const { options } = c;
        const adjoint = makeConvTransposeAdjointGeometry(options);
        const kernel = indexKernel(c.values.length);
        const dense = denseConvTransposeMatrix(kernel, options);
        expect(dense.outputSpatial).toEqual(adjoint.inputSpatial);
        const index = denseIndexFromMatrix(dense);
        const name = caseName(c);
        // ConvTranspose columns are its inputs (the adjoint's outputs), rows its outputs.
        for (let col = 0; col < index.cols; col++) {
          const location = denseLineLocation(adjoint, "linf", col);
          expect(Array.from(convTransposeMaximiserWeights(adjoint, "l1", location)), name).toEqual(
            denseLineIndices(index, "l1", col),
          );
        }
        for (let row = 0; row < index.rows; row++) {
          const location = denseLineLocation(adjoint, "l1", row);
          expect(Array.from(convTransposeMaximiserWeights(adjoint, "linf", location)), name).toEqual(
            denseLineIndices(index, "linf", row),
          );
        }
        checked++;
      }),
      { numRuns: 200, seed: 13 },
    );
    expect(checked).toBe(200);
  });
});

describe("linearMaximiserWeights", () => {
  // M = [[0, 1, 2], [3, 4, 5]] (2×3); transposed storage holds Mᵀ = [[0, 3], [1, 4], [2, 5]].
  it("rows=2 cols=3 plain: column 1 → [1, 4], row 1 → [3, 4, 5]", () => {
    expect(Array.from(linearMaximiserWeights(2, 3, false, "l1", 1))).toEqual([1, 4]);
    expect(Array.from(linearMaximiserWeights(2, 3, false, "linf", 1))).toEqual([3, 4, 5]);
  });

  it("rows=2 cols=3 transposed: column 1 → [2, 3], row 1 → [1, 3, 5]", () => {
    expect(Array.from(linearMaximiserWeights(2, 3, true, "l1", 1))).toEqual([2, 3]);
    expect(Array.from(linearMaximiserWeights(2, 3, true, "linf", 1))).toEqual([1, 3, 5]);
  });

  it("throws when the index is outside the columns/rows", () => {
    expect(() => linearMaximiserWeights(2, 3, false, "l1", 3)).toThrow(/\[0, 3\)/);
    expect(() => linearMaximiserWeights(2, 3, false, "linf", 2)).toThrow(/\[0, 2\)/);
  });
});

describe("batchNormMaximiserWeights", () => {
  it("channel 2 of 4 → [2]; throws outside", () => {
    expect(Array.from(batchNormMaximiserWeights(4, 2))).toEqual([2]);
    expect(() => batchNormMaximiserWeights(4, 4)).toThrow(/channel/);
  });
});
