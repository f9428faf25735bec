import type { ConvGeometry } from "../conv-geometry.js";
import type { ConvTransposeGeometryOptions } from "../conv-transpose-geometry.js";
import type { WeightArray } from "../norm-result.js";

/**
 * A dense m×n operator matrix, row-major. Rows are output elements and columns input elements,
 * both ordered channel-major then row-major over space.
 * @internal
 */
export interface DenseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** Number of elements of `dims`. @internal */
export function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** Row-major multi-index of `flat` within `dims`. @internal */
export function unflatten(flat: number, dims: readonly number[]): number[] {
  const out = new Array<number>(dims.length);
  let rest = flat;
  for (let a = dims.length - 1; a >= 0; a--) {
    out[a] = rest % dims[a];
    rest = Math.floor(rest / dims[a]);
  }
  return out;
}

/** Row-major flat index of `index` within `dims`, or −1 when outside. */
function flatten(index: readonly number[], dims: readonly number[]): number {
  let q = 0;
  for (let a = 0; a < dims.length; a++) {
    if (index[a] < 0 || index[a] >= dims[a]) return -1;
    q = q * dims[a] + index[a];
  }
  return q;
}

/** Builds the matrix column by column: column j is the operator applied to the unit vector e_j. */
function materialise(
  rows: number,
  cols: number,
  apply: (x: Float64Array, y: Float64Array) => void,
): DenseMatrix {
  const data = new Float64Array(rows * cols);
  const x = new Float64Array(cols);
  const y = new Float64Array(rows);
  for (let j = 0; j < cols; j++) {
    x.fill(0);
    x[j] = 1;
    y.fill(0);
    apply(x, y);
    for (let i = 0; i < rows; i++) data[i * cols + j] = y[i];
  }
  return { rows, cols, data };
}

/**
 * Brute-force matrix of an ONNX Conv, written straight from the definition
 * `y[o, i] = Σ_{c', k} x[g·C_in/g + c', i·s − p + k·d] · K[o, c', k]` (float64, no shared helpers).
 * @internal
 */
export function denseConvMatrix(kernel: WeightArray, g: ConvGeometry): DenseMatrix {
  const inPlane = product(g.inputSpatial);
  const outPlane = product(g.outputSpatial);
  const taps = product(g.kernelSpatial);
  const cinG = g.inChannels / g.group;
  const coutG = g.outChannels / g.group;
  // source[p·taps + t]: input position read by output position p through tap t, or −1 (padding).
  const source = new Int32Array(outPlane * taps);
  for (let p = 0; p < outPlane; p++) {
    const i = unflatten(p, g.outputSpatial);
    for (let t = 0; t < taps; t++) {
      const k = unflatten(t, g.kernelSpatial);
      const y = i.map((ia, a) => ia * g.strides[a] - g.padsBegin[a] + k[a] * g.dilations[a]);
      source[p * taps + t] = flatten(y, g.inputSpatial);
    }
  }
  return materialise(g.outChannels * outPlane, g.inChannels * inPlane, (x, out) => {
    for (let o = 0; o < g.outChannels; o++) {
      const grp = Math.floor(o / coutG);
      for (let p = 0; p < outPlane; p++) {
        let acc = 0;
        for (let cl = 0; cl < cinG; cl++) {
          const c = grp * cinG + cl;
          for (let t = 0; t < taps; t++) {
            const q = source[p * taps + t];
            if (q >= 0) acc += x[c * inPlane + q] * kernel[(o * cinG + cl) * taps + t];
          }
        }
        out[o * outPlane + p] = acc;
      }
    }
  });
}

/** A ConvTranspose matrix with the output size it was built for. @internal */
export interface DenseConvTranspose extends DenseMatrix {
  readonly outputSpatial: readonly number[];
}

/**
 * Brute-force matrix of an ONNX ConvTranspose straight from its own definition
 * `y[g·C_out/g + o', i·s − padBegin + k·d] += x[c, i] · W[c, o', k]` (weight `[C_in, C_out/g, k...]`),
 * with the output size and pads re-derived here from the ONNX spec formulas, independently of
 * the adjoint-conv code under test.
 * @internal
 */
export function denseConvTransposeMatrix(
  weight: WeightArray,
  o: ConvTransposeGeometryOptions,
): DenseConvTranspose {
  const rank = o.kernelSpatial.length;
  const group = o.group ?? 1;
  const pick = (v: readonly number[] | undefined, fill: number, n = rank): number[] =>
    v && v.length > 0 ? [...v] : Array(n).fill(fill);
  const strides = pick(o.strides, 1);
  const dilations = pick(o.dilations, 1);
  const outputPadding = pick(o.outputPadding, 0);
  const pads = pick(o.pads, 0, 2 * rank);
  const autoPad = o.autoPad ?? "NOTSET";
  const shape = o.outputShape && o.outputShape.length > 0 ? o.outputShape.slice(-rank) : undefined;
  const padBegin: number[] = [];
  const outputSpatial: number[] = [];
  for (let a = 0; a < rank; a++) {
    const full =
      strides[a] * (o.inputSpatial[a] - 1) + outputPadding[a] + (o.kernelSpatial[a] - 1) * dilations[a] + 1;
    if (shape || autoPad === "SAME_UPPER" || autoPad === "SAME_LOWER") {
      const out = shape ? shape[a] : o.inputSpatial[a] * strides[a];
      const total = full - out;
      // Python's // (floor), as in onnx/reference/ops/op_conv_transpose.py.
      padBegin.push(autoPad === "SAME_UPPER" ? Math.floor(total / 2) : total - Math.floor(total / 2));
      outputSpatial.push(out);
    } else {
      const [b, e] = autoPad === "VALID" ? [0, 0] : [pads[a], pads[a + rank]];
      padBegin.push(b);
      outputSpatial.push(full - b - e);
    }
  }
  const inPlane = product(o.inputSpatial);
  const outPlane = product(outputSpatial);
  const taps = product(o.kernelSpatial);
  const cinG = o.inChannels / group;
  const coutG = o.outChannels / group;
  const matrix = materialise(o.outChannels * outPlane, o.inChannels * inPlane, (x, y) => {
    for (let c = 0; c < o.inChannels; c++) {
      const grp = Math.floor(c / cinG);
      for (let p = 0; p < inPlane; p++) {
        const xv = x[c * inPlane + p];
        if (xv === 0) continue; // only to keep the unit-vector sweep cheap
        const i = unflatten(p, o.inputSpatial);
        for (let t = 0; t < taps; t++) {
          const k = unflatten(t, o.kernelSpatial);
          const q = flatten(
            i.map((ia, a) => ia * strides[a] - padBegin[a] + k[a] * dilations[a]),
            outputSpatial,
          );
          if (q < 0) continue;
          for (let ol = 0; ol < coutG; ol++) {
            y[(grp * coutG + ol) * outPlane + q] += xv * weight[(c * coutG + ol) * taps + t];
          }
        }
      }
    }
  });
  return { ...matrix, outputSpatial };
}
