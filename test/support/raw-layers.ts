import {
  AutoPad,
  type ConvAttributes,
  DataType,
  float32Tensor,
  float64Tensor,
  type Layer,
  LayerKind,
  type Tensor,
} from "../../clients/ts/src/index.js";

/** Float64 wire tensor (the default) or float32 when `f32`. */
export function tensor(shape: readonly number[], values: ArrayLike<number>, f32 = false): Tensor {
  return f32 ? float32Tensor(shape, values) : float64Tensor(shape, values);
}

/** A raw linear layer `[rows, cols]`. */
export function linearLayer(
  name: string,
  rows: number,
  cols: number,
  values: ArrayLike<number>,
  f32 = false,
): Layer {
  return {
    name,
    kind: LayerKind.LAYER_KIND_LINEAR,
    weight: tensor([rows, cols], values, f32),
    conv: undefined,
    inputShape: [],
    batchNorm: undefined,
  };
}

/** A raw conv layer with ONNX attributes (unset lists take ONNX defaults). */
export function convLayer(
  name: string,
  shape: readonly number[],
  values: ArrayLike<number>,
  inputShape: readonly number[],
  attrs: Partial<ConvAttributes> = {},
  f32 = false,
): Layer {
  return {
    name,
    kind: LayerKind.LAYER_KIND_CONV,
    weight: tensor(shape, values, f32),
    conv: {
      strides: [],
      pads: [],
      dilations: [],
      group: 0,
      outputPadding: [],
      autoPad: AutoPad.AUTO_PAD_UNSPECIFIED,
      outputShape: [],
      ...attrs,
    },
    inputShape: [...inputShape],
    batchNorm: undefined,
  };
}

/** A raw batch-norm layer: scale γ and running variance. */
export function batchNormLayer(
  name: string,
  scale: readonly number[],
  variance: readonly number[],
  epsilon = 0,
): Layer {
  return {
    name,
    kind: LayerKind.LAYER_KIND_BATCH_NORM,
    weight: float64Tensor([scale.length], scale),
    conv: undefined,
    inputShape: [],
    batchNorm: { variance: float64Tensor([variance.length], variance), epsilon },
  };
}

/** The values of a FLOAT32/FLOAT64 wire tensor (copied, so alignment does not matter). */
export function tensorValues(t: Tensor | undefined): number[] {
  if (t === undefined) throw new Error("tensorValues: no tensor");
  const bytes = Uint8Array.from(t.data); // a copy: Buffer.slice would be a view of a pool
  return Array.from(
    t.dtype === DataType.DATA_TYPE_FLOAT32 ? new Float32Array(bytes.buffer) : new Float64Array(bytes.buffer),
  );
}
