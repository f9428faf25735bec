import {
  type ConvAttributeOptions,
  type ConvGeometry,
  ConvGeometryError,
  type ConvGeometryOptions,
  checkActivationSizes,
  resolveConvAttributes,
} from "./conv-geometry.js";

/**
 * ONNX ConvTranspose attributes on a known input shape. Channels and spatial sizes are the
 * ConvTranspose's own (weight `[inChannels, outChannels/group, k...]`); empty lists take defaults.
 */
export interface ConvTransposeGeometryOptions extends ConvAttributeOptions {
  /** ONNX layout: all begins, then all ends. Ignored when the pads are derived (see below). */
  pads?: readonly number[];
  /** Extra elements at the high end of each output axis (each < stride or < dilation). */
  outputPadding?: readonly number[];
  /** Output spatial size (`rank` entries, or `rank + 2` with batch and channels first). */
  outputShape?: readonly number[];
  autoPad?: ConvGeometryOptions["autoPad"];
}

/**
 * Geometry of the convolution whose matrix is the transpose of this ConvTranspose: the same
 * weight array read as `[C_out_conv = inChannels, C_in_conv/g = outChannels/g, k...]`, its input
 * the ConvTranspose's output, its output the ConvTranspose's input.
 *
 * Follows the ONNX spec: output = stride·(in−1) + output_padding + (k−1)·dilation + 1 − padBegin −
 * padEnd. With output_shape, or SAME_UPPER/SAME_LOWER (output_shape = in·stride), the pads are
 * derived from total = stride·(in−1) + output_padding + (k−1)·dilation + 1 − output_shape:
 * SAME_UPPER puts ⌊total/2⌋ first, every other mode puts it last (⌊⌋ as in the reference
 * implementation, so a negative total grows the output at the end). onnxruntime splits the
 * SAME_UPPER case the other way round; we follow the spec.
 *
 * The adjoint's padEnd is padEnd − output_padding and both pads may be negative: output
 * elements that no input writes are input elements that reach no output of the adjoint conv.
 * Throws {@link ConvGeometryError} naming the offending attribute.
 */
export function makeConvTransposeAdjointGeometry(options: ConvTransposeGeometryOptions): ConvGeometry {
  const fn = "makeConvTransposeAdjointGeometry";
  const { rank, group, strides, dilations } = resolveConvAttributes(fn, options);
  const fail = (msg: string): never => {
    throw new ConvGeometryError(`${fn}: ${msg}`);
  };
  const outputPadding =
    options.outputPadding && options.outputPadding.length > 0 ? options.outputPadding : Array(rank).fill(0);
  if (outputPadding.length !== rank)
    fail(`output_padding has ${outputPadding.length} entries, expected ${rank}`);
  let outputShape = options.outputShape && options.outputShape.length > 0 ? options.outputShape : undefined;
  if (outputShape && outputShape.length === rank + 2) outputShape = outputShape.slice(2);
  if (outputShape && outputShape.length !== rank)
    fail(`output_shape has ${outputShape.length} entries, expected ${rank}`);
  const autoPad = options.autoPad ?? "NOTSET";
  const explicitPads = options.pads && options.pads.length > 0 ? options.pads : Array(2 * rank).fill(0);
  if (autoPad === "NOTSET" && !outputShape && explicitPads.length !== 2 * rank)
    fail(`pads has ${explicitPads.length} entries, expected ${2 * rank}`);
  const padsBegin: number[] = [];
  const padsEnd: number[] = [];
  const outputSpatial: number[] = [];
  for (let a = 0; a < rank; a++) {
    const size = options.inputSpatial[a];
    const op = outputPadding[a];
    if (!Number.isSafeInteger(op) || op < 0 || op >= Math.max(strides[a], dilations[a]))
      fail(`output_padding must be an integer in [0, max(stride, dilation)) on axis ${a}, got ${op}`);
    const natural = strides[a] * (size - 1) + op + (options.kernelSpatial[a] - 1) * dilations[a] + 1;
    let begin = 0;
    let end = 0;
    if (outputShape || autoPad === "SAME_UPPER" || autoPad === "SAME_LOWER") {
      const target = outputShape ? outputShape[a] : size * strides[a];
      if (!Number.isSafeInteger(target) || target < 1)
        fail(`output_shape must be positive integers on axis ${a}, got ${target}`);
      const total = natural - target;
      const half = Math.floor(total / 2);
      begin = autoPad === "SAME_UPPER" ? half : total - half;
      end = total - begin;
    } else if (autoPad === "NOTSET") {
      begin = explicitPads[a];
      end = explicitPads[a + rank];
      if (!Number.isSafeInteger(begin) || begin < 0 || !Number.isSafeInteger(end) || end < 0)
        fail(`pads must be non-negative integers on axis ${a}, got [${begin}, ${end}]`);
    }
    const out = natural - begin - end;
    if (out < 1)
      fail(`output size ${out} on axis ${a} (pads [${begin}, ${end}] exceed the full output ${natural})`);
    // Holds by construction (span = stride·(size−1)); kept as a guard on the pad arithmetic above.
    const adjointEnd = end - op;
    const extent = (options.kernelSpatial[a] - 1) * dilations[a] + 1;
    const convOut = Math.floor((out + begin + adjointEnd - extent) / strides[a]) + 1;
    if (convOut !== size)
      fail(`adjoint conv has ${convOut} outputs on axis ${a}, expected the input size ${size}`);
    padsBegin.push(begin);
    padsEnd.push(adjointEnd);
    outputSpatial.push(out);
  }
  return checkActivationSizes("makeConvTransposeAdjointGeometry", {
    inChannels: options.outChannels,
    outChannels: options.inChannels,
    group,
    inputSpatial: outputSpatial,
    kernelSpatial: [...options.kernelSpatial],
    strides,
    dilations,
    padsBegin,
    padsEnd,
    outputSpatial: [...options.inputSpatial],
  });
}
