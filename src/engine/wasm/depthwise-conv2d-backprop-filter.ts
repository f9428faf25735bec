import * as tf from "@tensorflow/tfjs-core";
import {
  DepthwiseConv2dNative,
  DepthwiseConv2dNativeBackpropFilter,
  type KernelConfig,
  type KernelFunc,
} from "@tensorflow/tfjs-core";
import { readConvInfo, readShapeAttr } from "./conv-attrs.js";
import { kernelInput } from "./kernel-input.js";
import { padOrCrop } from "./pad-or-crop.js";
import { runComposite } from "./run-composite.js";

const NAME = DepthwiseConv2dNativeBackpropFilter;

/**
 * dW[kh, kw, c, m] = Σ_{b,oh,ow} x[b, oh·s + kh·d − pad, …, c] · dy[b, oh, ow, c·mult + m] is itself a
 * depthwise convolution with the roles swapped: x as one image with b·cin channels, dy as its
 * `[oh, ow, b·cin, mult]` filter, stride d and dilation s. One wasm (XNNPACK) DepthwiseConv2dNative,
 * then a sum over the batch. Called as a kernel, not the op: the op refuses stride and dilation
 * both above 1, which XNNPACK handles.
 */
const depthwiseConv2dBackpropFilter: KernelFunc = ({ inputs, attrs = {} }) => {
  const x = kernelInput(NAME, inputs, "x");
  const dy = kernelInput(NAME, inputs, "dy");
  const filterShape = readShapeAttr(NAME, attrs, "filterShape");
  const info = readConvInfo(NAME, attrs, x.shape, filterShape, true);
  return runComposite([x, dy], (xt, dyt) => {
    const [b, h, w, cin] = info.inShape;
    const mult = info.outChannels / cin;
    const { outHeight: oh, outWidth: ow } = info;
    const image = tf.reshape<tf.Rank.R4>(tf.transpose(xt, [1, 2, 0, 3]), [1, h, w, b * cin]);
    const needH = (info.filterHeight - 1) * info.dilationHeight + (oh - 1) * info.strideHeight + 1;
    const needW = (info.filterWidth - 1) * info.dilationWidth + (ow - 1) * info.strideWidth + 1;
    const { top, left } = info.padInfo;
    const padded = padOrCrop(image, top, needH - top - h, left, needW - left - w);
    const filter = tf.reshape(tf.transpose(tf.reshape(dyt, [b, oh, ow, cin, mult]), [1, 2, 0, 3, 4]), [
      oh,
      ow,
      b * cin,
      mult,
    ]);
    const out = tf.engine().runKernel(
      DepthwiseConv2dNative,
      { x: padded, filter },
      {
        strides: [info.dilationHeight, info.dilationWidth],
        dilations: [info.strideHeight, info.strideWidth],
        pad: "valid",
      },
    ) as tf.Tensor;
    return tf.sum(tf.reshape(out, [info.filterHeight, info.filterWidth, b, cin, mult]), 2);
  });
};

/**
 * DepthwiseConv2dNativeBackpropFilter for the wasm backend (NHWC; stride, dilation, any channel
 * multiplier, 'valid'/'same'/explicit padding), composed of wasm Transpose, Pad, Slice,
 * DepthwiseConv2dNative and Sum.
 * @internal
 */
export const depthwiseConv2dBackpropFilterConfig: KernelConfig = {
  kernelName: NAME,
  backendName: "wasm",
  kernelFunc: depthwiseConv2dBackpropFilter,
};
