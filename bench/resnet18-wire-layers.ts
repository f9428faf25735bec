import { AutoPad, DataType, type Layer, LayerKind, type Tensor } from "../clients/ts/src/index.js";
import type { WeightArray } from "../src/math/norm-result.js";
import type { LinearOperatorLayer } from "../src/norms/linear-layer.js";

function wire(values: WeightArray, shape: readonly number[]): Tensor {
  return {
    dtype: values instanceof Float32Array ? DataType.DATA_TYPE_FLOAT32 : DataType.DATA_TYPE_FLOAT64,
    shape: [...shape],
    data: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

/**
 * Parsed ONNX layers (Conv, BatchNormalization, Gemm with transB) as the raw `Layer`s a training
 * sidecar would send: the same weights, attributes and input shapes. Weight names become
 * `<node name>.weight`. Other kinds are not needed for the ResNet-18 bench.
 */
export function toWireLayers(layers: readonly LinearOperatorLayer[]): Layer[] {
  return layers.map((layer) => toWireLayer(layer));
}

function toWireLayer(layer: LinearOperatorLayer): Layer {
  const base = {
    name: layer.nodeName,
    conv: undefined,
    inputShape: [...layer.inputShape],
    batchNorm: undefined,
  };
  if (layer.kind === "conv") {
    const g = layer.geometry;
    return {
      ...base,
      kind: LayerKind.LAYER_KIND_CONV,
      weight: wire(layer.weight, layer.weightShape),
      conv: {
        strides: [...g.strides],
        pads: [...g.padsBegin, ...g.padsEnd],
        dilations: [...g.dilations],
        group: g.group,
        outputPadding: [],
        autoPad: AutoPad.AUTO_PAD_NOTSET,
        outputShape: [],
      },
    };
  }
  if (layer.kind === "batchNorm")
    return {
      ...base,
      kind: LayerKind.LAYER_KIND_BATCH_NORM,
      weight: wire(layer.scale, [layer.scale.length]),
      batchNorm: { variance: wire(layer.variance, [layer.variance.length]), epsilon: layer.epsilon },
    };
  if (layer.kind === "linear" && !layer.transposed && layer.scale === 1)
    return {
      ...base,
      kind: LayerKind.LAYER_KIND_LINEAR,
      weight: wire(layer.weight, [layer.rows, layer.cols]),
    };
  throw new Error(`toWireLayers: ${layer.nodeName} (${layer.kind}) is not needed for the ResNet-18 bench`);
}
