import { invalidArgument } from "../errors/normserve-error.js";
import {
  AutoPad,
  type ConvAttributes,
  type Layer,
  LayerKind,
  type LayerSet,
} from "../gen/normserve/v1/layer.js";
import { ConvGeometryError, type ConvGeometryOptions, makeConvGeometry } from "../math/conv-geometry.js";
import { makeConvTransposeAdjointGeometry } from "../math/conv-transpose-geometry.js";
import type { LinearOperatorLayer } from "../norms/linear-layer.js";
import { decodeFloatTensor, type FloatTensor, TensorDecodeError } from "../tensor/decode-float-tensor.js";

const DEFAULT_BN_EPSILON = 1e-5;

/**
 * Turns the raw-tensor form of a request (`LayerSet`) into layers the norm code understands.
 * Every problem becomes INVALID_ARGUMENT naming the field, e.g. `layers[3].weight`.
 */
export function decodeLayerSet(layerSet: LayerSet): LinearOperatorLayer[] {
  if (layerSet.layers.length === 0) throw invalidArgument("layers: at least one layer is required");
  return layerSet.layers.map((layer, index) => {
    const field = `layers[${index}]`;
    try {
      return decodeLayer(layer, field, index);
    } catch (error) {
      if (error instanceof TensorDecodeError || error instanceof ConvGeometryError) {
        throw invalidArgument(`${field} (${layer.name || "unnamed"}): ${error.message}`, error);
      }
      throw error;
    }
  });
}

function decodeLayer(layer: Layer, field: string, index: number): LinearOperatorLayer {
  const nodeName = layer.name || `layer_${index}`;
  const weight = decodeFloatTensor(layer.weight, `${field}.weight`);
  switch (layer.kind) {
    case LayerKind.LAYER_KIND_CONV:
    case LayerKind.LAYER_KIND_CONV_TRANSPOSE:
      return decodeConvLayer(layer, weight, field, nodeName);
    case LayerKind.LAYER_KIND_LINEAR: {
      if (weight.shape.length !== 2) {
        throw invalidArgument(`${field}.weight: a linear weight must be [out, in], got [${weight.shape}]`);
      }
      const [rows, cols] = weight.shape;
      if (layer.inputShape.length > 0 && product(layer.inputShape) !== cols) {
        throw invalidArgument(
          `${field}.input_shape: [${layer.inputShape}] has ${product(layer.inputShape)} elements but the weight expects ${cols}`,
        );
      }
      return {
        kind: "linear",
        nodeName,
        opType: "Gemm",
        weightName: `${nodeName}.weight`,
        inputShape: layer.inputShape.length > 0 ? [...layer.inputShape] : [cols],
        outputShape: [rows],
        weight: weight.values,
        rows,
        cols,
        transposed: false,
        scale: 1,
      };
    }
    case LayerKind.LAYER_KIND_BATCH_NORM: {
      if (weight.shape.length !== 1) {
        throw invalidArgument(`${field}.weight: a batch-norm scale must be [C], got [${weight.shape}]`);
      }
      const variance = decodeFloatTensor(layer.batchNorm?.variance, `${field}.batch_norm.variance`);
      if (variance.shape.length !== 1 || variance.shape[0] !== weight.shape[0]) {
        throw invalidArgument(
          `${field}.batch_norm.variance: shape [${variance.shape}] does not match scale [${weight.shape}]`,
        );
      }
      const epsilon = layer.batchNorm?.epsilon ?? DEFAULT_BN_EPSILON;
      if (!Number.isFinite(epsilon) || epsilon < 0) {
        throw invalidArgument(`${field}.batch_norm.epsilon: must be finite and ≥ 0, got ${epsilon}`);
      }
      for (let c = 0; c < variance.values.length; c++) {
        if (variance.values[c] + epsilon <= 0) {
          throw invalidArgument(
            `${field}.batch_norm.variance: channel ${c} has variance + epsilon = ${variance.values[c] + epsilon} ≤ 0`,
          );
        }
      }
      const channels = weight.shape[0];
      return {
        kind: "batchNorm",
        nodeName,
        opType: "BatchNormalization",
        weightName: `${nodeName}.weight`,
        varianceName: `${nodeName}.running_var`,
        inputShape: layer.inputShape.length > 0 ? [...layer.inputShape] : [channels],
        outputShape: layer.inputShape.length > 0 ? [...layer.inputShape] : [channels],
        scale: weight.values,
        variance: variance.values,
        epsilon,
      };
    }
    default:
      throw invalidArgument(`${field}.kind: must be CONV, CONV_TRANSPOSE, LINEAR or BATCH_NORM`);
  }
}

function decodeConvLayer(
  layer: Layer,
  weight: FloatTensor,
  field: string,
  nodeName: string,
): LinearOperatorLayer {
  const rank = weight.shape.length - 2;
  if (rank < 1) {
    throw invalidArgument(`${field}.weight: a convolution weight needs ≥ 3 dims, got [${weight.shape}]`);
  }
  if (layer.inputShape.length !== rank + 1) {
    throw invalidArgument(
      `${field}.input_shape: expected [C, ${"S, ".repeat(rank).slice(0, -2)}] (${rank + 1} dims, batch excluded), got [${layer.inputShape}]`,
    );
  }
  const attrs: ConvAttributes = layer.conv ?? {
    strides: [],
    pads: [],
    dilations: [],
    group: 0,
    outputPadding: [],
    autoPad: AutoPad.AUTO_PAD_UNSPECIFIED,
    outputShape: [],
  };
  const group = attrs.group === 0 ? 1 : attrs.group;
  const [channels, ...inputSpatial] = layer.inputShape;
  const kernelSpatial = weight.shape.slice(2);
  const common: Omit<ConvGeometryOptions, "inChannels" | "outChannels"> = {
    group,
    inputSpatial,
    kernelSpatial,
    strides: attrs.strides,
    dilations: attrs.dilations,
    pads: attrs.pads,
    autoPad: autoPadName(attrs.autoPad),
  };
  if (layer.kind === LayerKind.LAYER_KIND_CONV) {
    if (channels !== weight.shape[1] * group) {
      throw invalidArgument(
        `${field}.input_shape: ${channels} input channels, but weight [${weight.shape}] with group ${group} expects ${weight.shape[1] * group}`,
      );
    }
    const geometry = makeConvGeometry({ ...common, inChannels: channels, outChannels: weight.shape[0] });
    return {
      kind: "conv",
      nodeName,
      opType: "Conv",
      weightName: `${nodeName}.weight`,
      inputShape: [...layer.inputShape],
      outputShape: [geometry.outChannels, ...geometry.outputSpatial],
      weight: weight.values,
      weightShape: weight.shape,
      geometry,
    };
  }
  if (channels !== weight.shape[0]) {
    throw invalidArgument(
      `${field}.input_shape: ${channels} input channels, but the ConvTranspose weight [${weight.shape}] expects ${weight.shape[0]}`,
    );
  }
  const adjoint = makeConvTransposeAdjointGeometry({
    ...common,
    inChannels: channels,
    outChannels: weight.shape[1] * group,
    outputPadding: attrs.outputPadding,
    outputShape: attrs.outputShape.length > 0 ? attrs.outputShape : undefined,
  });
  return {
    kind: "convTranspose",
    nodeName,
    opType: "ConvTranspose",
    weightName: `${nodeName}.weight`,
    inputShape: [...layer.inputShape],
    outputShape: [adjoint.inChannels, ...adjoint.inputSpatial],
    weight: weight.values,
    weightShape: weight.shape,
    adjoint,
  };
}

function autoPadName(autoPad: AutoPad): ConvGeometryOptions["autoPad"] {
  switch (autoPad) {
    case AutoPad.AUTO_PAD_SAME_UPPER:
      return "SAME_UPPER";
    case AutoPad.AUTO_PAD_SAME_LOWER:
      return "SAME_LOWER";
    case AutoPad.AUTO_PAD_VALID:
      return "VALID";
    default:
      return "NOTSET";
  }
}

function product(values: readonly number[]): number {
  return values.reduce((a, b) => a * b, 1);
}
