/**
 * Float64 reference convolutions and pools over NCHW (1-d: NCW) data, written as plain loops
 * straight from the ONNX operator definitions, independent of the engine and of src/math.
 * @module
 */

/** ONNX Conv/ConvTranspose/pool attributes as the test writes them. @internal */
export interface RefConvAttrs {
  readonly strides?: readonly number[];
  readonly dilations?: readonly number[];
  /** [begin…, end…]. */
  readonly pads?: readonly number[];
  readonly autoPad?: "NOTSET" | "SAME_UPPER" | "SAME_LOWER" | "VALID";
  readonly group?: number;
}

/** A shape as [N, C, H, W] with H = 1 for 1-d data. */
const as4 = (s: readonly number[]): number[] => (s.length === 3 ? [s[0], s[1], 1, s[2]] : [...s]);
/** Per-axis attribute as [h, w] (1-d: h gets `fill`). */
const hw = (v: readonly number[] | undefined, rank: number, fill: number): [number, number] =>
  !v || v.length === 0 ? [fill, fill] : rank === 1 ? [fill, v[0]] : [v[0], v[1]];

/** Resolved begin/end pads per axis, and the output size. @internal */
export function refConvOutput(
  input: number,
  kernel: number,
  stride: number,
  dilation: number,
  begin: number,
  end: number,
  autoPad: RefConvAttrs["autoPad"],
): { out: number; begin: number; end: number } {
  const ke = (kernel - 1) * dilation + 1;
  if (autoPad === "SAME_UPPER" || autoPad === "SAME_LOWER") {
    const out = Math.ceil(input / stride);
    const total = Math.max(0, (out - 1) * stride + ke - input);
    const small = Math.floor(total / 2);
    const b = autoPad === "SAME_UPPER" ? small : total - small;
    return { out, begin: b, end: total - b };
  }
  if (autoPad === "VALID") return { out: Math.floor((input - ke) / stride) + 1, begin: 0, end: 0 };
  return { out: Math.floor((input + begin + end - ke) / stride) + 1, begin, end };
}

/** ONNX Conv: x [N, C, (H,) W], w [M, C/g, (kH,) kW], optional bias [M]. @internal */
export function refConv(
  x: ArrayLike<number>,
  xShape: readonly number[],
  w: ArrayLike<number>,
  wShape: readonly number[],
  bias: ArrayLike<number> | undefined,
  a: RefConvAttrs,
): { y: Float64Array; shape: number[] } {
  const rank = xShape.length - 2;
  const [n, c, h, wd] = as4(xShape);
  const [m, cg, kh, kw] = as4(wShape);
  const g = a.group ?? 1;
  const [sh, sw] = hw(a.strides, rank, 1);
  const [dh, dw] = hw(a.dilations, rank, 1);
  const pads = a.pads ?? [];
  const [pbh, pbw] = hw(pads.slice(0, rank), rank, 0);
  const [peh, pew] = hw(pads.slice(rank), rank, 0);
  const H = refConvOutput(h, kh, sh, dh, pbh, peh, rank === 1 ? "NOTSET" : a.autoPad);
  const W = refConvOutput(wd, kw, sw, dw, pbw, pew, a.autoPad);
  const y = new Float64Array(n * m * H.out * W.out);
  const mg = m / g;
  for (let b = 0; b < n; b++)
    for (let o = 0; o < m; o++) {
      const grp = Math.floor(o / mg);
      for (let i = 0; i < H.out; i++)
        for (let j = 0; j < W.out; j++) {
          let s = bias ? bias[o] : 0;
          for (let ci = 0; ci < cg; ci++)
            for (let p = 0; p < kh; p++)
              for (let q = 0; q < kw; q++) {
                const hi = i * sh - H.begin + p * dh;
                const wi = j * sw - W.begin + q * dw;
                if (hi < 0 || hi >= h || wi < 0 || wi >= wd) continue;
                s += x[((b * c + grp * cg + ci) * h + hi) * wd + wi] * w[((o * cg + ci) * kh + p) * kw + q];
              }
          y[((b * m + o) * H.out + i) * W.out + j] = s;
        }
    }
  return { y, shape: rank === 1 ? [n, m, W.out] : [n, m, H.out, W.out] };
}

/** ONNX ConvTranspose: x [N, C, (H,) W], w [C, M/g, (kH,) kW]; explicit pads, output_padding or output_shape. @internal */
export function refConvTranspose(
  x: ArrayLike<number>,
  xShape: readonly number[],
  w: ArrayLike<number>,
  wShape: readonly number[],
  bias: ArrayLike<number> | undefined,
  a: RefConvAttrs & { readonly outputPadding?: readonly number[]; readonly outputShape?: readonly number[] },
): { y: Float64Array; shape: number[] } {
  const rank = xShape.length - 2;
  const [n, c, h, wd] = as4(xShape);
  const [, mg, kh, kw] = as4(wShape);
  const g = a.group ?? 1;
  const m = mg * g;
  const cg = c / g;
  const [sh, sw] = hw(a.strides, rank, 1);
  const [dh, dw] = hw(a.dilations, rank, 1);
  const [oph, opw] = hw(a.outputPadding, rank, 0);
  const pads = a.pads ?? [];
  let [pbh, pbw] = hw(pads.slice(0, rank), rank, 0);
  let [peh, pew] = hw(pads.slice(rank), rank, 0);
  let oh = sh * (h - 1) + oph + (kh - 1) * dh + 1 - pbh - peh;
  let ow = sw * (wd - 1) + opw + (kw - 1) * dw + 1 - pbw - pew;
  if (a.outputShape && a.outputShape.length > 0) {
    // ONNX: total padding = stride·(in − 1) + output_padding + ((k − 1)·d + 1) − out; SAME_UPPER
    // puts the smaller half first, otherwise (NOTSET, SAME_LOWER) the larger half goes first.
    const [th, tw] = hw(a.outputShape, rank, 1);
    const split = (total: number): [number, number] =>
      a.autoPad === "SAME_UPPER"
        ? [Math.floor(total / 2), total - Math.floor(total / 2)]
        : [total - Math.floor(total / 2), Math.floor(total / 2)];
    [pbh, peh] = split(sh * (h - 1) + oph + (kh - 1) * dh + 1 - th);
    [pbw, pew] = split(sw * (wd - 1) + opw + (kw - 1) * dw + 1 - tw);
    [oh, ow] = [th, tw];
  }
  const y = new Float64Array(n * m * oh * ow);
  for (let b = 0; b < n; b++)
    for (let ci = 0; ci < c; ci++) {
      const grp = Math.floor(ci / cg);
      for (let i = 0; i < h; i++)
        for (let j = 0; j < wd; j++) {
          const xv = x[((b * c + ci) * h + i) * wd + j];
          for (let o = 0; o < mg; o++)
            for (let p = 0; p < kh; p++)
              for (let q = 0; q < kw; q++) {
                const yi = i * sh + p * dh - pbh;
                const yj = j * sw + q * dw - pbw;
                if (yi < 0 || yi >= oh || yj < 0 || yj >= ow) continue;
                y[((b * m + grp * mg + o) * oh + yi) * ow + yj] += xv * w[((ci * mg + o) * kh + p) * kw + q];
              }
        }
    }
  if (bias)
    for (let b = 0; b < n; b++)
      for (let o = 0; o < m; o++) for (let k = 0; k < oh * ow; k++) y[(b * m + o) * oh * ow + k] += bias[o];
  return { y, shape: rank === 1 ? [n, m, ow] : [n, m, oh, ow] };
}

/** Pool attributes. @internal */
export interface RefPoolAttrs {
  readonly kernel: readonly number[];
  readonly strides?: readonly number[];
  readonly pads?: readonly number[];
  readonly ceilMode?: boolean;
  readonly countIncludePad?: boolean;
}

/** ONNX MaxPool / AveragePool over x [N, C, (H,) W]. @internal */
export function refPool(
  kind: "max" | "avg",
  x: ArrayLike<number>,
  xShape: readonly number[],
  a: RefPoolAttrs,
): { y: Float64Array; shape: number[] } {
  const rank = xShape.length - 2;
  const [n, c, h, wd] = as4(xShape);
  const [kh, kw] = hw(a.kernel, rank, 1);
  const [sh, sw] = hw(a.strides, rank, 1);
  const pads = a.pads ?? [];
  const [pbh, pbw] = hw(pads.slice(0, rank), rank, 0);
  const [peh, pew] = hw(pads.slice(rank), rank, 0);
  const size = (input: number, k: number, s: number, pb: number, pe: number) => {
    const span = (input + pb + pe - k) / s;
    let out = (a.ceilMode ? Math.ceil(span) : Math.floor(span)) + 1;
    // ceil_mode: the last window must start inside the input or its begin padding.
    if (a.ceilMode && (out - 1) * s >= input + pb) out--;
    return out;
  };
  const oh = size(h, kh, sh, pbh, peh);
  const ow = size(wd, kw, sw, pbw, pew);
  const y = new Float64Array(n * c * oh * ow);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          let best = Number.NEGATIVE_INFINITY;
          let sum = 0;
          let count = 0;
          let padCount = 0;
          for (let p = 0; p < kh; p++)
            for (let q = 0; q < kw; q++) {
              const hi = i * sh - pbh + p;
              const wi = j * sw - pbw + q;
              // Positions in the declared padding count for count_include_pad; ceil_mode's
              // extra positions past the end padding never do.
              if (hi < -pbh || hi >= h + peh || wi < -pbw || wi >= wd + pew) continue;
              padCount++;
              if (hi < 0 || hi >= h || wi < 0 || wi >= wd) continue;
              const v = x[((b * c + ch) * h + hi) * wd + wi];
              best = Math.max(best, v);
              sum += v;
              count++;
            }
          y[((b * c + ch) * oh + i) * ow + j] =
            kind === "max" ? best : sum / (a.countIncludePad ? padCount : count);
        }
  return { y, shape: rank === 1 ? [n, c, ow] : [n, c, oh, ow] };
}
