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
  const w = Float64Array.from(weight);
  const inPlane = nh * nw;
  const outPlane = oh * ow;
  // Visits every (output o, input channel, tap) with its weight; body(xBase, yBase, a, b, w).
  const forEachTap = (body: (xc: number, yo: number, a: number, b: number, wt: number) => void) => {
    for (let o = 0; o < geometry.outChannels; o++) {
      const g = Math.floor(o / coutG);
      for (let c = 0; c < cinG; c++) {
        const src = (o * cinG + c) * kh * kw;
        const xc = (g * cinG + c) * inPlane;
        for (let a = 0; a < kh; a++)
          for (let b = 0; b < kw; b++) {
            const wt = w[src + a * kw + b];
            if (wt !== 0) body(xc, o * outPlane, a, b, wt);
          }
      }
    }
  };
  return {
    inputSize: geometry.inChannels * inPlane,
    outputSize: geometry.outChannels * outPlane,
    apply(x, y) {
      y.fill(0);
      forEachTap((xc, yo, a, b, wt) => {
        const jlo = tw.lo[b];
        const jhi = tw.hi[b];
        const xoff = tw.off[b];
        for (let i = th.lo[a]; i < th.hi[a]; i++) {
          const yr = yo + i * ow;
          const xr = xc + (i * sh + th.off[a]) * nw + xoff;
          for (let j = jlo; j < jhi; j++) y[yr + j] += wt * x[xr + j * sw];
        }
      });
    },
    applyAdjoint(y, x) {
      x.fill(0);
      forEachTap((xc, yo, a, b, wt) => {
        const jlo = tw.lo[b];
        const jhi = tw.hi[b];
        const xoff = tw.off[b];
        for (let i = th.lo[a]; i < th.hi[a]; i++) {
          const yr = yo + i * ow;
          const xr = xc + (i * sh + th.off[a]) * nw + xoff;
          for (let j = jlo; j < jhi; j++) x[xr + j * sw] += wt * y[yr + j];
        }
      });
    },
  };
}
