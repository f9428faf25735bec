import * as tf from "@tensorflow/tfjs-core";
import {
  DepthwiseConv2dNativeBackpropInput,
  type KernelConfig,
  type KernelFunc,
} from "@tensorflow/tfjs-core";
import { readConvInfo, readShapeAttr } from "./conv-attrs.js";
import { scatterTaps } from "./conv-taps.js";
import { kernelInput } from "./kernel-input.js";
import { runComposite } from "./run-composite.js";

const NAME = DepthwiseConv2dNativeBackpropInput;

/**
 * Per input channel c, each tap's column is dy_c · W[tap, c, :]ᵀ (one batched wasm MatMul over
 * channels: `[cin, n, mult]` × `[cin, mult, kh·kw]`), then col2im scatters the taps back. This
 * stays linear in the channel count, unlike a dense block-diagonal Conv2DBackpropInput (cin× the
 * work), and honours dilation, which the wasm Conv2DBackpropInput ignores.
 */
const depthwiseConv2dBackpropInput: KernelFunc = ({ inputs, attrs = {} }) => {
  const dy = kernelInput(NAME, inputs, "dy");
  const filter = kernelInput(NAME, inputs, "filter");
  const inputShape = readShapeAttr(NAME, attrs, "inputShape");
  const info = readConvInfo(NAME, attrs, inputShape, filter.shape, true);
  return runComposite([dy, filter], (dyt, ft) => {
    const [b, , , cin] = info.inShape;
    const mult = info.outChannels / cin;
    const n = b * info.outHeight * info.outWidth;
    const t = info.filterHeight * info.filterWidth;
    const dyc = tf.transpose(tf.reshape(dyt, [n, cin, mult]), [1, 0, 2]);
    const fc = tf.transpose(tf.reshape(ft, [t, cin, mult]), [1, 2, 0]);
    const cols = tf.reshape(tf.transpose(tf.matMul(dyc, fc), [2, 1, 0]), [
      t,
      b,
      info.outHeight,
      info.outWidth,
      cin,
    ]);
    const taps = tf.unstack(cols, 0).map((c) => c as tf.Tensor4D);
    return scatterTaps(taps, info);
  });
};

/**
 * DepthwiseConv2dNativeBackpropInput for the wasm backend (NHWC; stride, dilation, any channel
 * multiplier, 'valid'/'same'/explicit padding), composed of wasm Transpose, BatchMatMul, Unpack,
 * Pad, Slice and AddN.
 * @internal
 */
export const depthwiseConv2dBackpropInputConfig: KernelConfig = {
  kernelName: NAME,
  backendName: "wasm",
  kernelFunc: depthwiseConv2dBackpropInput,
};
