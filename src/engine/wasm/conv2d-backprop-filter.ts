import * as tf from "@tensorflow/tfjs-core";
import { Conv2D, Conv2DBackpropFilter, type KernelConfig, type KernelFunc } from "@tensorflow/tfjs-core";
import { readConvInfo, readShapeAttr } from "./conv-attrs.js";
import { kernelInput } from "./kernel-input.js";
import { padOrCrop } from "./pad-or-crop.js";
import { runComposite } from "./run-composite.js";

/**
 * dW[kh, kw, ci, co] = Σ_{b,oh,ow} x[b, oh·s + kh·d − pad, …, ci] · dy[b, oh, ow, co] is itself a
 * convolution with the roles swapped: x as a batch of cin one-channel-per-sample images
 * `[cin, h, w, b]`, dy as the `[oh, ow, b, cout]` filter, stride d and dilation s. One wasm
 * (XNNPACK) Conv2D does the arithmetic; measured 3–6× faster than im2col + BatchMatMul here.
 * Called as a kernel, not the op: the op refuses stride and dilation both above 1.
 */
const conv2dBackpropFilter: KernelFunc = ({ inputs, attrs = {} }) => {
  const x = kernelInput(Conv2DBackpropFilter, inputs, "x");
  const dy = kernelInput(Conv2DBackpropFilter, inputs, "dy");
  const filterShape = readShapeAttr(Conv2DBackpropFilter, attrs, "filterShape");
  const info = readConvInfo(Conv2DBackpropFilter, attrs, x.shape, filterShape, false);
  return runComposite([x, dy], (xt, dyt) => {
    const [, h, w] = info.inShape;
    const { outHeight: oh, outWidth: ow } = info;
    const images = tf.transpose<tf.Tensor4D>(xt as tf.Tensor4D, [3, 1, 2, 0]);
    const needH = (info.filterHeight - 1) * info.dilationHeight + (oh - 1) * info.strideHeight + 1;
    const needW = (info.filterWidth - 1) * info.dilationWidth + (ow - 1) * info.strideWidth + 1;
    const { top, left } = info.padInfo;
    const padded = padOrCrop(images, top, needH - top - h, left, needW - left - w);
    const filter = tf.transpose(dyt, [1, 2, 0, 3]);
    const out = tf.engine().runKernel(
      Conv2D,
      { x: padded, filter },
      {
        strides: [info.dilationHeight, info.dilationWidth],
        dilations: [info.strideHeight, info.strideWidth],
        pad: "valid",
        dataFormat: "NHWC",
      },
    ) as tf.Tensor;
    return tf.transpose(out, [1, 2, 0, 3]);
  });
};

/**
 * Conv2DBackpropFilter for the wasm backend (NHWC; stride, optional dilation, 'valid'/'same'/
 * explicit padding, dimRoundingMode), composed of wasm Transpose, Pad, Slice and Conv2D.
 * @internal
 */
export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: "wasm",
  kernelFunc: conv2dBackpropFilter,
};
