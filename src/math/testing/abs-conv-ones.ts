import type { ConvGeometry } from "../conv-geometry.js";
import type { WeightArray } from "../norm-result.js";

/**
 * The second, matrix-free oracle: row abs sums = conv(|K|) applied to an all-ones input, and
 * column abs sums = the adjoint of conv(|K|) applied to an all-ones output. One direct loop over
 * (output element, input channel of its group, tap), straight from the ONNX rule; cheap enough
 * for inputs far larger than the dense matrix allows.
 * @internal
 */
export function absConvOnes(
  kernel: WeightArray,
  g: ConvGeometry,
): { rowSums: Float64Array; columnSums: Float64Array } {
  const rank = g.kernelSpatial.length;
  const inPlane = g.inputSpatial.reduce((a, b) => a * b, 1);
  const outPlane = g.outputSpatial.reduce((a, b) => a * b, 1);
  const taps = g.kernelSpatial.reduce((a, b) => a * b, 1);
  const cinG = g.inChannels / g.group;
  const coutG = g.outChannels / g.group;
  const rowSums = new Float64Array(g.outChannels * outPlane);
  const columnSums = new Float64Array(g.inChannels * inPlane);
  const i = new Array<number>(rank);
  const k = new Array<number>(rank);
  for (let p = 0; p < outPlane; p++) {
    for (let a = rank - 1, rest = p; a >= 0; a--) {
      i[a] = rest % g.outputSpatial[a];
      rest = Math.floor(rest / g.outputSpatial[a]);
    }
    for (let t = 0; t < taps; t++) {
      let q = 0;
      for (let a = rank - 1, rest = t; a >= 0; a--) {
        k[a] = rest % g.kernelSpatial[a];
        rest = Math.floor(rest / g.kernelSpatial[a]);
      }
      for (let a = 0; a < rank && q >= 0; a++) {
        const y = i[a] * g.strides[a] - g.padsBegin[a] + k[a] * g.dilations[a];
        q = y < 0 || y >= g.inputSpatial[a] ? -1 : q * g.inputSpatial[a] + y;
      }
      if (q < 0) continue;
      for (let o = 0; o < g.outChannels; o++) {
        const grp = Math.floor(o / coutG);
        for (let cl = 0; cl < cinG; cl++) {
          const v = Math.abs(kernel[(o * cinG + cl) * taps + t]);
          rowSums[o * outPlane + p] += v; // conv(|K|)·1 at output (o, p)
          columnSums[(grp * cinG + cl) * inPlane + q] += v; // conv(|K|)ᵀ·1 at input (c, q)
        }
      }
    }
  }
  return { rowSums, columnSums };
}
