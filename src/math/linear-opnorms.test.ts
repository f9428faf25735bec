import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { linearOperatorNorms } from "./linear-opnorms.js";

const BOTH = { l1: true, linf: true } as const;

describe("linearOperatorNorms", () => {
  // M = [[1, -2, 3], [-4, 5, 0]]: column sums 5, 7, 3; row sums 6, 9.
  const m = Float64Array.of(1, -2, 3, -4, 5, 0);
  const mT = Float32Array.of(1, -4, -2, 5, 3, 0);

  it("W=[2,3]: hand-computed norms and maximisers", () => {
    expect(linearOperatorNorms(m, 2, 3, false, 1, BOTH)).toEqual({
      l1: { value: 7, channel: 1, position: [] },
      linf: { value: 9, channel: 1, position: [] },
    });
  });

  it("W=[3,2] transposed (Gemm transB=0, MatMul): the same matrix, the same norms", () => {
    expect(linearOperatorNorms(mT, 2, 3, true, 1, BOTH)).toEqual(
      linearOperatorNorms(m, 2, 3, false, 1, BOTH),
    );
  });

  it("alpha=-0.5 scales both norms by |alpha|", () => {
    expect(linearOperatorNorms(m, 2, 3, false, -0.5, BOTH)).toEqual({
      l1: { value: 3.5, channel: 1, position: [] },
      linf: { value: 4.5, channel: 1, position: [] },
    });
  });

  it("ties go to the lowest index; a zero matrix gives 0 at index 0", () => {
    const tied = Float64Array.of(1, -1, 0, 0, -1, 1); // 3×2: rows 2, 0, 2; columns 2, 2
    expect(linearOperatorNorms(tied, 3, 2, false, 1, BOTH)).toEqual({
      l1: { value: 2, channel: 0, position: [] },
      linf: { value: 2, channel: 0, position: [] },
    });
    expect(linearOperatorNorms(new Float32Array(6), 2, 3, true, 2, BOTH)).toEqual({
      l1: { value: 0, channel: 0, position: [] },
      linf: { value: 0, channel: 0, position: [] },
    });
  });

  it("computes only the requested norms", () => {
    expect(linearOperatorNorms(m, 2, 3, false, 1, { l1: false, linf: true })).toEqual({
      linf: { value: 9, channel: 1, position: [] },
    });
    expect(linearOperatorNorms(m, 2, 3, false, 1, { l1: false, linf: false })).toEqual({});
  });

  it("matches brute-force column/row sums of random matrices", () => {
    const config = fc
      .record({
        rows: fc.integer({ min: 1, max: 9 }),
        cols: fc.integer({ min: 1, max: 9 }),
        transposed: fc.boolean(),
      })
      .chain((c) =>
        fc
          .array(fc.integer({ min: -3, max: 3 }), { minLength: c.rows * c.cols, maxLength: c.rows * c.cols })
          .map((values) => ({ ...c, values })),
      );
    fc.assert(
      fc.property(
        config,
        fc.double({ min: -4, max: 4, noNaN: true }),
        ({ rows, cols, transposed, values }, scale) => {
          const at = (i: number, j: number) => (transposed ? values[j * rows + i] : values[i * cols + j]);
          const colSums = Array.from({ length: cols }, (_, j) =>
            Array.from({ length: rows }, (_, i) => Math.abs(at(i, j))),
          );
          const rowSums = Array.from({ length: rows }, (_, i) =>
            Array.from({ length: cols }, (_, j) => Math.abs(at(i, j))),
          );
          const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
          const first = (sums: number[]) => sums.indexOf(Math.max(...sums));
          const l1 = colSums.map(total);
          const linf = rowSums.map(total);
          const got = linearOperatorNorms(Float64Array.from(values), rows, cols, transposed, scale, BOTH);
          expect(got.l1).toEqual({
            value: Math.abs(scale) * Math.max(...l1),
            channel: first(l1),
            position: [],
          });
          expect(got.linf).toEqual({
            value: Math.abs(scale) * Math.max(...linf),
            channel: first(linf),
            position: [],
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("throws when the weight length is not rows×cols", () => {
    expect(() => linearOperatorNorms(m, 3, 3, false, 1, BOTH)).toThrow(
      /linearOperatorNorms: weight has 6 elements, expected 3×3 = 9/,
    );
  });

  it("throws when rows or cols are not positive integers", () => {
    expect(() => linearOperatorNorms(new Float32Array(0), 0, 3, false, 1, BOTH)).toThrow(RangeError);
    expect(() => linearOperatorNorms(m, 1.5, 4, false, 1, BOTH)).toThrow(
      /rows and cols must be positive integers/,
    );
  });

  it("throws when the scale is not finite", () => {
    expect(() => linearOperatorNorms(m, 2, 3, false, Number.NaN, BOTH)).toThrow(
      /scale must be finite, got NaN/,
    );
  });
});
