import { describe, expect, it } from "vitest";
import { augmentInto } from "./augment-into.js";

/** Direct definition: zero-pad, crop at (dy, dx), then mirror W. */
function reference(
  src: Float32Array,
  c: number,
  h: number,
  w: number,
  dy: number,
  dx: number,
  flip: boolean,
) {
  const out = new Float32Array(c * h * w);
  for (let ch = 0; ch < c; ch++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const sx = (flip ? w - 1 - x : x) + dx;
        const sy = y + dy;
        out[(ch * h + y) * w + x] = sy >= 0 && sy < h && sx >= 0 && sx < w ? src[(ch * h + sy) * w + sx] : 0;
      }
  return out;
}

describe("augmentInto", () => {
  const [c, h, w] = [2, 5, 6];
  const src = Float32Array.from({ length: 3 * c * h * w }, (_, i) => (i + 1) / 1000);

  it("matches zero-padded crop + flip for every shift in [-7, 7]² and both flips, at offsets", () => {
    const size = c * h * w;
    const dst = new Float32Array(2 * size).fill(-1);
    for (let dy = -7; dy <= 7; dy++)
      for (let dx = -7; dx <= 7; dx++)
        for (const flip of [false, true]) {
          augmentInto(src, size, dst, size, c, h, w, dy, dx, flip);
          expect(dst.subarray(size)).toEqual(reference(src.subarray(size, 2 * size), c, h, w, dy, dx, flip));
          expect(dst[0]).toBe(-1);
        }
  });

  it("is a shifted copy with zeros filling: dy=1 dx=-2 c=1 h=3 w=4", () => {
    const img = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const out = new Float32Array(12).fill(9);
    augmentInto(img, 0, out, 0, 1, 3, 4, 1, -2, false);
    expect(Array.from(out)).toEqual([0, 0, 5, 6, 0, 0, 9, 10, 0, 0, 0, 0]);
  });

  it("flip with no shift reverses W", () => {
    const img = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const out = new Float32Array(6);
    augmentInto(img, 0, out, 0, 1, 2, 3, 0, 0, true);
    expect(Array.from(out)).toEqual([3, 2, 1, 6, 5, 4]);
  });
});
