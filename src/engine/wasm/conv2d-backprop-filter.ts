import * as tf from "@tensorflow/tfjs-core";
import { Conv2DBackpropFilter, type KernelConfig, type KernelFunc } from "@tensorflow/tfjs-core";
import { readConvInfo, readShapeAttr } from "./conv-attrs.js";
import { extractTaps } from "./conv-taps.js";
import { kernelInput } from "./kernel-input.js";
import { runComposite } from "./run-composite.js";

/**
 * dW = im2col(x)ᵀ · dy: the taps are concatenated channel-last into `[n·oh·ow, kh·kw·cin]`, so a
 * single wasm MatMul does all the arithmetic with a long reduction dimension.
 */
const conv2dBackpropFilter: KernelFunc = ({ inputs, attrs = {} }) => {
  const x = kernelInput(Conv2DBackpropFilter, inputs, "x");
  const dy = kernelInput(Conv2DBackpropFilter, inputs, "dy");
  const filterShape = readShapeAttr(Conv2DBackpropFilter, attrs, "filterShape");
  const info = readConvInfo(Conv2DBackpropFilter, attrs, x.shape, filterShape, false);
  return runComposite([x, dy], (xt, dyt) => {
    const [b, , , cin] = info.inShape;
    const n = b * info.outHeight * info.outWidth;
    const taps = extractTaps(xt as tf.Tensor4D, info);
    const cols = tf.reshape(taps.length === 1 ? taps[0] : tf.concat(taps, 3), [n, taps.length * cin]);
    // dyᵀ · cols then a small transpose: wasm BatchMatMul with transposeA is ~4× slower than
    // transposing the (smaller) dy first.
    const dyT = tf.transpose(tf.reshape(dyt, [n, info.outChannels]));
    const dw = tf.transpose(tf.matMul(dyT, cols));
    return tf.reshape(dw, [info.filterHeight, info.filterWidth, cin, info.outChannels]);
  });
};

/**
 * Conv2DBackpropFilter for the wasm backend (NHWC; stride, optional dilation, 'valid'/'same'/
 * explicit padding, dimRoundingMode), composed of wasm Pad, Slice, Concat, Transpose and BatchMatMul.
 * @internal
 */
export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: "wasm",
  kernelFunc: conv2dBackpropFilter,
};
