import type { ConvGeometry } from "../conv-geometry.js";

/**
 * Brute-force matrix of the *circular* conv that `convSingularValues` analyses, written from
 * the definition `y[o, i, j] = Σ_{c, a, b} K[o, c, a, b]·x[g·C_in/g + c, (s_h·i + a·d_h) mod n_h,
 * (s_w·j + b·d_w) mod n_w]` (2-d geometry; output (n_h/s_h)×(n_w/s_w); pads ignored).
 * Row-major, rows = outputs (channel, i, j), columns = inputs (channel, y, x).
 * @internal
 */
export function denseCircularConv(
  weight: ArrayLike<number>,
  g: ConvGeometry,
): { rows: number; cols: number; data: Float64Array } {
  const [nh, nw] = g.inputSpatial;
  const [kh, kw] = g.kernelSpatial;
  const [sh, sw] = g.strides;
  const [dh, dw] = g.dilations;
  const oh = nh / sh;
  const ow = nw / sw;
  const cinG = g.inChannels / g.group;
  const coutG = g.outChannels / g.group;
  const rows = g.outChannels * oh * ow;
  const cols = g.inChannels * nh * nw;
  const data = new Float64Array(rows * cols);
  for (let o = 0; o < g.outChannels; o++) {
    const group = Math.floor(o / coutG);
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++) {
        const row = (o * oh + i) * ow + j;
        for (let c = 0; c < cinG; c++)
          for (let a = 0; a < kh; a++)
            for (let b = 0; b < kw; b++) {
              const y = (sh * i + a * dh) % nh;
              const x = (sw * j + b * dw) % nw;
              const col = ((group * cinG + c) * nh + y) * nw + x;
              data[row * cols + col] += weight[((o * cinG + c) * kh + a) * kw + b];
            }
      }
  }
  return { rows, cols, data };
}
