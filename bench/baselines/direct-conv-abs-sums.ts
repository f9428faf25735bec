import type { ConvGeometry } from "../../src/math/conv-geometry.js";
import type { WeightArray } from "../../src/math/norm-result.js";

/**
 * Straightforward exact baseline for 2-d convolutions: visit every output element and add up
 * |K| over the taps that land inside the input (row sums), and scatter the same terms onto the
 * input elements (column sums). O(C_out · C_in/g · k² · H_out · W_out) — what one writes first.
 * Returns [L1, L∞].
 */
export function directConvNorms2d(kernel: WeightArray, g: ConvGeometry): [number, number] {
  const [H, W] = g.inputSpatial;
  const [KH, KW] = g.kernelSpatial;
  const [OH, OW] = g.outputSpatial;
  const cinPerGroup = g.inChannels / g.group;
  const coutPerGroup = g.outChannels / g.group;
  const columns = new Float64Array(g.inChannels * H * W);
  let linf = 0;
  for (let o = 0; o < g.outChannels; o++) {
    const group = Math.floor(o / coutPerGroup);
    for (let i = 0; i < OH; i++) {
      for (let j = 0; j < OW; j++) {
        let row = 0;
        for (let c = 0; c < cinPerGroup; c++) {
          const inputChannel = group * cinPerGroup + c;
          for (let kh = 0; kh < KH; kh++) {
            const y = i * g.strides[0] - g.padsBegin[0] + kh * g.dilations[0];
            if (y < 0 || y >= H) continue;
            for (let kw = 0; kw < KW; kw++) {
              const x = j * g.strides[1] - g.padsBegin[1] + kw * g.dilations[1];
              if (x < 0 || x >= W) continue;
              const a = Math.abs(kernel[((o * cinPerGroup + c) * KH + kh) * KW + kw]);
              row += a;
              columns[(inputChannel * H + y) * W + x] += a;
            }
          }
        }
        if (row > linf) linf = row;
      }
    }
  }
  let l1 = 0;
  for (let k = 0; k < columns.length; k++) if (columns[k] > l1) l1 = columns[k];
  return [l1, linf];
}
