/**
 * Copies one C×H×W image from `src` (at `srcOffset`) into `dst` (at `dstOffset`) shifted by
 * (`dy`, `dx`) with zeros where the shifted window leaves the image, then mirrored along W when
 * `flip` is set. With |dy|, |dx| ≤ padding this is exactly "zero-pad by `padding`, take a random
 * H×W crop, random horizontal flip": `dst[y][x] = src[y + dy][x' + dx]`, `x' = flip ? W-1-x : x`.
 * Writes every destination element, so the batch buffer needs no clearing, and allocates nothing.
 */
export function augmentInto(
  src: Float32Array,
  srcOffset: number,
  dst: Float32Array,
  dstOffset: number,
  c: number,
  h: number,
  w: number,
  dy: number,
  dx: number,
  flip: boolean,
): void {
  // Destination columns whose source column lies inside the image; outside them we write zeros.
  const x0 = Math.max(0, flip ? dx : -dx);
  const x1 = Math.min(w, flip ? w + dx : w - dx);
  for (let ch = 0; ch < c; ch++) {
    for (let y = 0; y < h; y++) {
      const d = dstOffset + (ch * h + y) * w;
      const sy = y + dy;
      if (sy < 0 || sy >= h || x0 >= x1) {
        dst.fill(0, d, d + w);
        continue;
      }
      const s = srcOffset + (ch * h + sy) * w;
      if (x0 > 0) dst.fill(0, d, d + x0);
      if (flip) {
        const base = s + w - 1 + dx;
        for (let x = x0; x < x1; x++) dst[d + x] = src[base - x];
      } else {
        dst.set(src.subarray(s + x0 + dx, s + x1 + dx), d + x0);
      }
      if (x1 < w) dst.fill(0, d + x1, d + w);
    }
  }
}
