import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fftPlan } from "./fft.js";
import { fft2, fft2Real } from "./fft2.js";
import { seededArray } from "./testing/seeded-uniform.js";

function naiveDft2(re: Float64Array, im: Float64Array, rows: number, cols: number, sign: number) {
  const outRe = new Float64Array(rows * cols);
  const outIm = new Float64Array(rows * cols);
  for (let u = 0; u < rows; u++)
    for (let v = 0; v < cols; v++) {
      let a = 0;
      let b = 0;
      for (let y = 0; y < rows; y++)
        for (let x = 0; x < cols; x++) {
          const t = sign * 2 * Math.PI * (((u * y) % rows) / rows + ((v * x) % cols) / cols);
          const c = Math.cos(t);
          const s = Math.sin(t);
          a += re[y * cols + x] * c - im[y * cols + x] * s;
          b += re[y * cols + x] * s + im[y * cols + x] * c;
        }
      outRe[u * cols + v] = a;
      outIm[u * cols + v] = b;
    }
  return { outRe, outIm };
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe("fft2", () => {
  it("matches the naive 2-d DFT for every size 1..12 × 1..12 (radix-2 and Bluestein)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.nat(),
        (rows, cols, seed) => {
          const re = seededArray(rows * cols, seed);
          const im = seededArray(rows * cols, seed + 1);
          const { outRe, outIm } = naiveDft2(re, im, rows, cols, -1);
          const fr = re.slice();
          const fi = im.slice();
          fft2(fr, fi, rows, cols);
          const scale = Math.sqrt(rows * cols);
          expect(maxDiff(fr, outRe)).toBeLessThan(1e-13 * scale * 4);
          expect(maxDiff(fi, outIm)).toBeLessThan(1e-13 * scale * 4);
          fft2(fr, fi, rows, cols, { inverse: true });
          expect(maxDiff(fr, re)).toBeLessThan(1e-14 * 8);
          expect(maxDiff(fi, im)).toBeLessThan(1e-14 * 8);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("handles larger primes and batches", () => {
    for (const [rows, cols] of [
      [31, 17],
      [32, 33],
      [7, 64],
    ]) {
      const batch = 2;
      const re = seededArray(batch * rows * cols, rows);
      const im = seededArray(batch * rows * cols, cols);
      const fr = re.slice();
      const fi = im.slice();
      fft2(fr, fi, rows, cols, { batch });
      for (let b = 0; b < batch; b++) {
        const o = b * rows * cols;
        const sub = (a: Float64Array) => a.slice(o, o + rows * cols);
        const { outRe, outIm } = naiveDft2(sub(re), sub(im), rows, cols, -1);
        expect(maxDiff(sub(fr), outRe)).toBeLessThan(1e-11);
        expect(maxDiff(sub(fi), outIm)).toBeLessThan(1e-11);
      }
    }
  });

  it("transforms real data and strided 1-d views", () => {
    const data = seededArray(20, 3);
    const { re, im } = fft2Real(data, 4, 5);
    const { outRe, outIm } = naiveDft2(data, new Float64Array(20), 4, 5, -1);
    expect(maxDiff(re, outRe)).toBeLessThan(1e-13);
    expect(maxDiff(im, outIm)).toBeLessThan(1e-13);
    const plan = fftPlan(5);
    const r = data.slice();
    const i = new Float64Array(20);
    plan.transform(r, i, 1, 4, false); // elements 1, 5, 9, 13, 17
    const col = Float64Array.from([1, 5, 9, 13, 17], (k) => data[k]);
    const ref = naiveDft2(col, new Float64Array(5), 1, 5, -1);
    expect(
      maxDiff(
        Float64Array.from([1, 5, 9, 13, 17], (k) => r[k]),
        ref.outRe,
      ),
    ).toBeLessThan(1e-13);
    expect(r[0]).toBe(data[0]);
    expect(() => fftPlan(0)).toThrow(RangeError);
    expect(() => fft2(new Float64Array(3), new Float64Array(3), 2, 2)).toThrow(RangeError);
  });
});
