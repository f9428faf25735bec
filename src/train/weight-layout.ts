import type { Tensor } from "@tensorflow/tfjs-core";
import type { Parameter } from "../engine/executor/parameter-store.js";
import type { TfNamespace } from "../engine/kernels/tfjs-kernels.js";

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
  let s = 0;
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let c = 0; c < i; c++) for (let k = 0; k < o; k++) out[((k * i + c) * kh + y) * kw + x] = src[s++];
  return out;
}

/** ONNX-layout values as a tensor in the parameter's storage layout (caller disposes). */
export function storageTensor(
  tf: TfNamespace,
  param: Parameter,
  values: Float32Array,
  fromOnnx: (t: Tensor) => Tensor,
): Tensor {
  if (param.layout === "plain") return tf.tensor(values, [...param.shape], "float32");
  if (param.layout === "hwio" && param.shape.length === 4) {
    const [o, i, kh, kw] = param.shape;
    const out = new Float32Array(values.length);
    let s = 0;
    for (let y = 0; y < kh; y++)
      for (let x = 0; x < kw; x++)
        for (let c = 0; c < i; c++)
          for (let k = 0; k < o; k++) out[s++] = values[((k * i + c) * kh + y) * kw + x];
    return tf.tensor(out, [kh, kw, i, o], "float32");
  }
  return tf.tidy(() => fromOnnx(tf.tensor(values, [...param.shape], "float32")));
}
