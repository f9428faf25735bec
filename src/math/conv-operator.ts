import type { ConvGeometry } from "./conv-geometry.js";
import type { WeightArray } from "./norm-result.js";
import { SpectralInputError } from "./spectral-types.js";

/** A conv layer as a linear operator on flat float64 vectors (channel-major, then row-major). */
export interface ConvOperator {
  /** C_in·H·W. */
  readonly inputSize: number;
  /** C_out·H_out·W_out. */
  readonly outputSize: number;
  /** y = T x (y is overwritten). */
  apply(x: Float64Array, y: Float64Array): void;
  /** x = Tᵀ y (x is overwritten). */
  applyAdjoint(y: Float64Array, x: Float64Array): void;
}

interface AxisTaps {
  /** Valid output range [lo, hi) per tap, and the input offset: in = out·s + off. */
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  readonly off: Int32Array;
}

function axisTaps(n: number, out: number, k: number, s: number, d: number, padBegin: number): AxisTaps {
  const lo = new Int32Array(k);
  const hi = new Int32Array(k);
  const off = new Int32Array(k);
  for (let a = 0; a < k; a++) {
    off[a] = a * d - padBegin;
    // 0 ≤ i·s + off < n
    lo[a] = Math.min(out, Math.max(0, Math.ceil(-off[a] / s)));
    hi[a] = Math.max(lo[a], Math.min(out, Math.floor((n - 1 - off[a]) / s) + 1));
  }
  return { lo, hi, off };
}

/**
 * The exact (zero-padded) operator of an ONNX Conv on `geometry` — any strides, pads (also
 * negative ones of a ConvTranspose adjoint), dilations and groups; 1-d or 2-d — applied
 * directly, tap by tap, over the valid output range of each tap (no padded copies). Each
 * application costs C_out·(C_in/g)·k²·H_out·W_out multiply-adds.
 */
export function makeConvOperator(weight: WeightArray, geometry: ConvGeometry): ConvOperator {
  const rank = geometry.kernelSpatial.length;
  if (rank !== 1 && rank !== 2)
    throw new SpectralInputError(`conv operator supports 1-d and 2-d, got rank ${rank}`);
  const pick = (v: readonly number[], a: number, fill: number) => (rank === 2 ? v[a] : a === 0 ? fill : v[0]);
  const [nh, nw] = [pick(geometry.inputSpatial, 0, 1), pick(geometry.inputSpatial, 1, 1)];
  const [oh, ow] = [pick(geometry.outputSpatial, 0, 1), pick(geometry.outputSpatial, 1, 1)];
  const [kh, kw] = [pick(geometry.kernelSpatial, 0, 1), pick(geometry.kernelSpatial, 1, 1)];
  const th = axisTaps(
    nh,
    oh,
    kh,
    pick(geometry.strides, 0, 1),
    pick(geometry.dilations, 0, 1),
    pick(geometry.padsBegin, 0, 0),
  );
  const tw = axisTaps(
    nw,
    ow,
    kw,
    pick(geometry.strides, 1, 1),
    pick(geometry.dilations, 1, 1),
    pick(geometry.padsBegin, 1, 0),
  );
  const sh = pick(geometry.strides, 0, 1);
  const sw = pick(geometry.strides, 1, 1);
  const groups = geometry.group;
  const coutG = geometry.outChannels / groups;
  const cinG = geometry.inChannels / groups;
  const inPlane = nh * nw;
  const outPlane = oh * ow;
  const cin = geometry.inChannels;
  const cout = geometry.outChannels;
  const taps = kh * kw;
  // Kernels repacked so every inner loop is a dot product over contiguous channels:
  // forward [o][tap][c] (c within o's group), adjoint [g][c][tap][o] (o within group g).
  const kf = new Float64Array(cout * taps * cinG);
  const kb = new Float64Array(groups * cinG * taps * coutG);
  for (let o = 0; o < cout; o++)
    for (let c = 0; c < cinG; c++)
      for (let t = 0; t < taps; t++) {
        const v = weight[(o * cinG + c) * taps + t];
        kf[(o * taps + t) * cinG + c] = v;
        const g = Math.floor(o / coutG);
        kb[((g * cinG + c) * taps + t) * coutG + (o % coutG)] = v;
      }
  // Channel-last copies of the input / output planes.
  const xt = new Float64Array(cin * inPlane);
  const yt = new Float64Array(cout * outPlane);
  // For every output (i, j) and tap (a, b) reading inside the input: out += K_tap · in over the
  // channels (forward), or in += K_tapᵀ · out (adjoint), as contiguous dot products.
  const sweep = (adjoint: boolean) => {
    for (let i = 0; i < oh; i++)
      for (let a = 0; a < kh; a++) {
        if (i < th.lo[a] || i >= th.hi[a]) continue;
        const row = (i * sh + th.off[a]) * nw;
        for (let j = 0; j < ow; j++)
          for (let b = 0; b < kw; b++) {
            if (j < tw.lo[b] || j >= tw.hi[b]) continue;
            const out = i * ow + j;
            const tap = a * kw + b;
            const pos = row + j * sw + tw.off[b];
            for (let g = 0; g < groups; g++) {
              if (adjoint) {
                const yo = out * cout + g * coutG;
                for (let c = 0; c < cinG; c++) {
                  const ko = ((g * cinG + c) * taps + tap) * coutG;
                  let s0 = 0;
                  let s1 = 0;
                  let k = 0;
                  for (; k + 1 < coutG; k += 2) {
                    s0 += kb[ko + k] * yt[yo + k];
                    s1 += kb[ko + k + 1] * yt[yo + k + 1];
                  }
                  if (k < coutG) s0 += kb[ko + k] * yt[yo + k];
                  xt[pos * cin + g * cinG + c] += s0 + s1;
                }
              } else {
                const xo = pos * cin + g * cinG;
                for (let oc = 0; oc < coutG; oc++) {
                  const o = g * coutG + oc;
                  const ko = (o * taps + tap) * cinG;
                  let s0 = 0;
                  let s1 = 0;
                  let k = 0;
                  for (; k + 1 < cinG; k += 2) {
                    s0 += kf[ko + k] * xt[xo + k];
                    s1 += kf[ko + k + 1] * xt[xo + k + 1];
                  }
                  if (k < cinG) s0 += kf[ko + k] * xt[xo + k];
                  yt[out * cout + o] += s0 + s1;
                }
              }
            }
          }
      }
  };
  return {
    inputSize: cin * inPlane,
    outputSize: cout * outPlane,
    apply(x, y) {
      for (let c = 0; c < cin; c++) for (let p = 0; p < inPlane; p++) xt[p * cin + c] = x[c * inPlane + p];
      yt.fill(0);
      sweep(false);
      for (let o = 0; o < cout; o++)
        for (let p = 0; p < outPlane; p++) y[o * outPlane + p] = yt[p * cout + o];
    },
    applyAdjoint(y, x) {
      for (let o = 0; o < cout; o++)
        for (let p = 0; p < outPlane; p++) yt[p * cout + o] = y[o * outPlane + p];
      xt.fill(0);
      sweep(true);
      for (let c = 0; c < cin; c++) for (let p = 0; p < inPlane; p++) x[c * inPlane + p] = xt[p * cin + c];
    },
  };
}
