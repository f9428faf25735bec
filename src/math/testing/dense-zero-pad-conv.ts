import type { ConvGeometry } from "../conv-geometry.js";

/**
 * Brute-force matrix of a 2-d ONNX Conv (zero padding) from the definition: input `(c, y, x)`
 * feeds output `(o, i, j)` through tap `(a, b)` iff `y = i·s_h − p_top + a·d_h`,
 * `x = j·s_w − p_left + b·d_w` lie inside the input and `c` is in `o`'s group.
 * Row-major, rows = outputs (channel, i, j), columns = inputs (channel, y, x).
 * @internal
 */
export function denseZeroPadConv(
  weight: ArrayLike<number>,
  g: ConvGeometry,
): { rows: number; cols: number; data: Float64Array } {
  const [nh, nw] = g.inputSpatial;
  const [oh, ow] = g.outputSpatial;
  const [kh, kw] = g.kernelSpatial;
  const cinG = g.inChannels / g.group;
  const coutG = g.outChannels / g.group;
  const rows = g.outChannels * oh * ow;
  const cols = g.inChannels * nh * nw;
  const data = new Float64Array(rows * cols);
  for (let o = 0; o < g.outChannels; o++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let c = 0; c < cinG; c++)
          for (let a = 0; a < kh; a++)
            for (let b = 0; b < kw; b++) {
              const y = i * g.strides[0] - g.padsBegin[0] + a * g.dilations[0];
              const x = j * g.strides[1] - g.padsBegin[1] + b * g.dilations[1];
              if (y < 0 || y >= nh || x < 0 || x >= nw) continue;
              const col = ((Math.floor(o / coutG) * cinG + c) * nh + y) * nw + x;
              data[((o * oh + i) * ow + j) * cols + col] += weight[((o * cinG + c) * kh + a) * kw + b];
            }
  return { rows, cols, data };
}
