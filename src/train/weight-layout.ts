import type { Tensor } from "@tensorflow/tfjs-core";
import type { Parameter } from "../engine/executor/parameter-store.js";

/**
 * A parameter's current value in ONNX layout. Plain and rank-4 `hwio` weights are downloaded as
 * stored and permuted on the CPU (cheaper than a device transpose per layer per step for the
 * small arrays norm decay reads); other layouts go through `toOnnxLayout` on the device.
 */
export function readOnnxLayout(param: Parameter, toOnnx: (t: Tensor) => Tensor): Float32Array {
  if (param.layout === "plain") return Float32Array.from(param.tensor.dataSync() as Float32Array);
  if (param.layout === "hwio" && param.shape.length === 4)
    return hwioToOnnx(param.tensor.dataSync() as Float32Array, param.shape);
  const t = toOnnx(param.tensor);
  const data = Float32Array.from(t.dataSync() as Float32Array);
  if (t !== param.tensor) t.dispose();
  return data;
}

/** Whether {@link hwioToOnnx} (or a plain copy) turns the stored values of `param` into ONNX layout. */
export function permutesOnCpu(param: Parameter): boolean {
  return param.layout === "plain" || (param.layout === "hwio" && param.shape.length === 4);
}

/** A rank-4 conv kernel stored `[kh, kw, i, o]` as ONNX `[o, i, kh, kw]` (a new array). */
export function hwioToOnnx(src: Float32Array, shape: readonly number[]): Float32Array {
  const [o, i, kh, kw] = shape;
  const out = new Float32Array(src.length);
  // Sequential writes, strided reads: out[o][c][y][x] = src[y][x][c][o].
  const taps = kh * kw;
  let d = 0;
  for (let k = 0; k < o; k++)
    for (let c = 0; c < i; c++) {
      let s = c * o + k;
      for (let t = 0; t < taps; t++, s += i * o) out[d++] = src[s];
    }
  return out;
}

/**
 * ONNX-layout values in the parameter's storage layout, for plain and rank-4 `hwio` parameters
 * ({@link permutesOnCpu}); only non-zeros are moved (β·G is sparse: the maximisers' rows/columns).
 */
export function storageValues(param: Parameter, values: Float32Array): Float32Array {
  if (param.layout === "plain") return values;
  const [o, i, kh, kw] = param.shape;
  const taps = kh * kw;
  const out = new Float32Array(values.length);
  for (let j = 0; j < values.length; j++) {
    const v = values[j];
    if (v === 0) continue;
    const t = j % taps;
    const c = ((j - t) / taps) % i;
    const k = Math.floor(j / (taps * i));
    out[(t * i + c) * o + k] = v;
  }
  return out;
}
