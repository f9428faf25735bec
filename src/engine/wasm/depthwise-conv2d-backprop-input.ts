import * as tf from "@tensorflow/tfjs-core";
import {
  DepthwiseConv2dNativeBackpropInput,
  type KernelConfig,
  type KernelFunc,
} from "@tensorflow/tfjs-core";
import { readConvInfo, readShapeAttr } from "./conv-attrs.js";
import { zeroInsert } from "./conv-taps.js";
import { kernelInput } from "./kernel-input.js";
import { padOrCrop } from "./pad-or-crop.js";
import { runComposite } from "./run-composite.js";

const NAME = DepthwiseConv2dNativeBackpropInput;

/**
 * dx is a full correlation of dy with the flipped filter: dy is spread to stride 1 (zeros
 * between rows/columns), padded so a 'valid' window lands on every input position, and run
 * through the wasm (XNNPACK) DepthwiseConv2dNative with the original dilation, each of the
 * cin·mult dy channels against its own flipped filter; the mult outputs of a channel are summed.
 */
const depthwiseConv2dBackpropInput: KernelFunc = ({ inputs, attrs = {} }) => {
  const dy = kernelInput(NAME, inputs, "dy");
  const filter = kernelInput(NAME, inputs, "filter");
  const inputShape = readShapeAttr(NAME, attrs, "inputShape");
  const info = readConvInfo(NAME, attrs, inputShape, filter.shape, true);
  return runComposite([dy, filter], (dyt, ft) => {
    const [b, h, w, cin] = info.inShape;
    const mult = info.outChannels / cin;
    const z = zeroInsert(dyt as tf.Tensor4D, info.strideHeight, info.strideWidth);
    const [, zh, zw] = z.shape;
    const top = info.effectiveFilterHeight - 1 - info.padInfo.top;
    const left = info.effectiveFilterWidth - 1 - info.padInfo.left;
    const zp = padOrCrop(
      z,
      top,
      h + info.effectiveFilterHeight - 1 - top - zh,
      left,
      w + info.effectiveFilterWidth - 1 - left - zw,
    );
    const flipped = tf.reshape<tf.Rank.R4>(tf.reverse(ft, [0, 1]), [
      info.filterHeight,
      info.filterWidth,
      cin * mult,
      1,
    ]);
    const dilations: [number, number] = [info.dilationHeight, info.dilationWidth];
    const out = tf.depthwiseConv2d(zp, flipped, 1, "valid", "NHWC", dilations);
    return mult === 1 ? out : tf.sum(tf.reshape(out, [b, h, w, cin, mult]), 4);
  });
};

/**
 * DepthwiseConv2dNativeBackpropInput for the wasm backend (NHWC; stride, dilation, any channel
 * multiplier, 'valid'/'same'/explicit padding), composed of wasm Pad, Slice, Reverse,
 * DepthwiseConv2dNative and Sum.
 * @internal
 */
export const depthwiseConv2dBackpropInputConfig: KernelConfig = {
  kernelName: NAME,
  backendName: "wasm",
  kernelFunc: depthwiseConv2dBackpropInput,
};
