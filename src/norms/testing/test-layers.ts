import type { ConvGeometry } from "../../math/conv-geometry.js";
import type { WeightArray } from "../../math/norm-result.js";
import type { BatchNormLayer, ConvLayer, ConvTransposeLayer, LinearLayer } from "../linear-layer.js";

const origin = (opType: string, inputShape: readonly number[], outputShape: readonly number[]) => ({
  nodeName: `${opType}_0`,
  opType,
  weightName: `${opType}_0.weight`,
  inputShape,
  outputShape,
});

/** Kernel size of a conv geometry: `C_out · C_in/g · Π k`. @internal */
export function kernelSize(g: ConvGeometry): number {
  return g.outChannels * (g.inChannels / g.group) * g.kernelSpatial.reduce((a, b) => a * b, 1);
}

/** A Conv layer for tests. @internal */
export function testConvLayer(geometry: ConvGeometry, weight: WeightArray): ConvLayer {
  return {
    ...origin(
      "Conv",
      [geometry.inChannels, ...geometry.inputSpatial],
      [geometry.outChannels, ...geometry.outputSpatial],
    ),
    kind: "conv",
    weight,
    weightShape: [geometry.outChannels, geometry.inChannels / geometry.group, ...geometry.kernelSpatial],
    geometry,
  };
}

/** A ConvTranspose layer for tests, given the geometry of its adjoint conv. @internal */
export function testConvTransposeLayer(adjoint: ConvGeometry, weight: WeightArray): ConvTransposeLayer {
  return {
    ...origin(
      "ConvTranspose",
      [adjoint.outChannels, ...adjoint.outputSpatial],
      [adjoint.inChannels, ...adjoint.inputSpatial],
    ),
    kind: "convTranspose",
    weight,
    weightShape: [adjoint.outChannels, adjoint.inChannels / adjoint.group, ...adjoint.kernelSpatial],
    adjoint,
  };
}

/** A Gemm/MatMul layer `y = scale·M x` (M rows×cols) for tests. @internal */
export function testLinearLayer(
  weight: WeightArray,
  rows: number,
  cols: number,
  transposed = false,
  scale = 1,
): LinearLayer {
  return { ...origin("Gemm", [cols], [rows]), kind: "linear", weight, rows, cols, transposed, scale };
}

/** A BatchNormalization layer for tests. @internal */
export function testBatchNormLayer(
  scale: WeightArray,
  variance: WeightArray,
  epsilon: number,
): BatchNormLayer {
  return {
    ...origin("BatchNormalization", [scale.length], [scale.length]),
    kind: "batchNorm",
    scale,
    variance,
    epsilon,
    varianceName: "BatchNormalization_0.running_var",
  };
}
