import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeConvGeometry } from "./conv-geometry.js";
import { makeConvOperator } from "./conv-operator.js";
import { denseZeroPadConv } from "./testing/dense-zero-pad-conv.js";
import { seededArray } from "./testing/seeded-uniform.js";
import { zeroPadConvArbitrary } from "./testing/zero-pad-conv-cases.js";

describe("makeConvOperator (zero padding)", () => {
  it("applies T and Tᵀ exactly like the materialised matrix", () => {
    fc.assert(
      fc.property(zeroPadConvArbitrary(), ({ geometry, seed }) => {
        const taps = geometry.kernelSpatial[0] * geometry.kernelSpatial[1];
        const weight = seededArray(
          (geometry.outChannels * geometry.inChannels * taps) / geometry.group,
          seed,
        );
        const op = makeConvOperator(weight, geometry);
        const dense = denseZeroPadConv(weight, geometry);
        expect([op.outputSize, op.inputSize]).toEqual([dense.rows, dense.cols]);
        const x = seededArray(dense.cols, seed + 1);
        const y = seededArray(dense.rows, seed + 2);
        const tx = new Float64Array(dense.rows);
        const ty = new Float64Array(dense.cols);
        op.apply(x, tx);
        op.applyAdjoint(y, ty);
        for (let i = 0; i < dense.rows; i++) {
          let s = 0;
          for (let j = 0; j < dense.cols; j++) s += dense.data[i * dense.cols + j] * x[j];
          expect(Math.abs(tx[i] - s)).toBeLessThan(1e-12);
        }
        for (let j = 0; j < dense.cols; j++) {
          let s = 0;
          for (let i = 0; i < dense.rows; i++) s += dense.data[i * dense.cols + j] * y[i];
          expect(Math.abs(ty[j] - s)).toBeLessThan(1e-12);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("handles 1-d convs", () => {
    const g = makeConvGeometry({
      inChannels: 2,
      outChannels: 1,
      inputSpatial: [5],
      kernelSpatial: [3],
      pads: [1, 0],
      strides: [2],
    });
    const op = makeConvOperator(Float64Array.of(1, 2, 3, 4, 5, 6), g);
    const y = new Float64Array(op.outputSize);
    op.apply(Float64Array.of(1, 0, 0, 0, 0, 0, 0, 0, 0, 1), y);
    // outputs i = 0, 1 read x at 2i − 1 + a: i=0 reads [pad, x0, x1]; i=1 reads [x1, x2, x3].
    expect([...y]).toEqual([2, 0]);
  });
});
