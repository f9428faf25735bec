import * as tf from "@tensorflow/tfjs-core";
import {
  DepthwiseConv2dNativeBackpropFilter,
  type KernelConfig,
  type KernelFunc,
} from "@tensorflow/tfjs-core";
import { readConvInfo, readShapeAttr } from "./conv-attrs.js";
import { extractTaps } from "./conv-taps.js";
import { kernelInput } from "./kernel-input.js";
import { runComposite } from "./run-composite.js";

const NAME = DepthwiseConv2dNativeBackpropFilter;

/**
 * Per input channel c: dW[:, :, c, :] = cols_cᵀ · dy_c, one batched wasm MatMul over channels:
 * `[cin, kh·kw, n]` × `[cin, n, mult]`.
 */
const depthwiseConv2dBackpropFilter: KernelFunc = ({ inputs, attrs = {} }) => {
  const x = kernelInput(NAME, inputs, "x");
  const dy = kernelInput(NAME, inputs, "dy");
  const filterShape = readShapeAttr(NAME, attrs, "filterShape");
  const info = readConvInfo(NAME, attrs, x.shape, filterShape, true);
  return runComposite([x, dy], (xt, dyt) => {
    const [b, , , cin] = info.inShape;
    const mult = info.outChannels / cin;
    const n = b * info.outHeight * info.outWidth;
    const t = info.filterHeight * info.filterWidth;
    const taps = extractTaps(xt as tf.Tensor4D, info);
    const cols = tf.transpose(tf.reshape(tf.stack(taps, 3), [n, t, cin]), [2, 1, 0]);
    const dyc = tf.transpose(tf.reshape(dyt, [n, cin, mult]), [1, 0, 2]);
    const dw = tf.transpose(tf.matMul(cols, dyc), [1, 0, 2]);
    return tf.reshape(dw, [info.filterHeight, info.filterWidth, cin, mult]);
  });
};

/**
 * DepthwiseConv2dNativeBackpropFilter for the wasm backend (NHWC; stride, dilation, any channel
 * multiplier, 'valid'/'same'/explicit padding), composed of wasm Pad, StridedSlice, Pack, Transpose
 * and BatchMatMul.
 * @internal
 */
export const depthwiseConv2dBackpropFilterConfig: KernelConfig = {
  kernelName: NAME,
  backendName: "wasm",
  kernelFunc: depthwiseConv2dBackpropFilter,
};
