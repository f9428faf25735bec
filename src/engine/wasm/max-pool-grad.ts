import * as tf from "@tensorflow/tfjs-core";
import { backend_util, type KernelConfig, type KernelFunc, MaxPoolGrad } from "@tensorflow/tfjs-core";
import { extractTaps, scatterTaps } from "./conv-taps.js";
import { kernelInput } from "./kernel-input.js";
import { runComposite } from "./run-composite.js";

function readPool(attrs: Record<string, unknown>): {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: "valid" | "same" | number | backend_util.ExplicitPadding;
  rounding: "floor" | "round" | "ceil" | undefined;
} {
  const { filterSize, strides, pad, dimRoundingMode } = attrs;
  const isPair = (v: unknown): v is [number, number] | number =>
    typeof v === "number" || (Array.isArray(v) && v.length === 2 && v.every((e) => typeof e === "number"));
  if (!isPair(filterSize) || !isPair(strides)) {
    throw new Error(
      `${MaxPoolGrad}: expected filterSize and strides to be numbers or pairs, got ${JSON.stringify([filterSize, strides])}`,
    );
  }
  if (pad !== "valid" && pad !== "same" && typeof pad !== "number") {
    throw new Error(`${MaxPoolGrad}: expected pad 'valid', 'same' or a number, got ${JSON.stringify(pad)}`);
  }
  const rounding =
    dimRoundingMode === "floor" || dimRoundingMode === "round" || dimRoundingMode === "ceil"
      ? dimRoundingMode
      : undefined;
  return { filterSize, strides, pad, rounding };
}

/**
 * The gradient goes to the first window position (row-major) holding the window's maximum, as in
 * the cpu backend: per tap, `x_tap == y` and not yet claimed by an earlier tap; then col2im.
 * Padding reads as −∞ so it never takes the gradient.
 */
const maxPoolGrad: KernelFunc = ({ inputs, attrs = {} }) => {
  const dy = kernelInput(MaxPoolGrad, inputs, "dy");
  const x = kernelInput(MaxPoolGrad, inputs, "input");
  const y = kernelInput(MaxPoolGrad, inputs, "output");
  const p = readPool(attrs);
  const [b, h, w, c] = x.shape;
  const info = backend_util.computePool2DInfo([b, h, w, c], p.filterSize, p.strides, 1, p.pad, p.rounding);
  return runComposite([dy, x, y], (dyt, xt, yt) => {
    const zeros = tf.zerosLike(dyt);
    let claimed = tf.zerosLike(yt).cast("bool");
    const cols = extractTaps(xt as tf.Tensor4D, info, Number.NEGATIVE_INFINITY).map((tap) => {
      const hit = tf.logicalAnd(tf.equal(tap, yt), tf.logicalNot(claimed));
      claimed = tf.logicalOr(claimed, hit);
      return tf.where(hit, dyt, zeros) as tf.Tensor4D;
    });
    return scatterTaps(cols, info);
  });
};

/**
 * MaxPoolGrad for the wasm backend, replacing tfjs-backend-wasm 4.22's own, which routes the
 * gradient of an all-negative window to its first position instead of its maximum (found by
 * comparison with the cpu backend). Composed of wasm Pad, StridedSlice, Equal, Logical*, Select,
 * Pad, AddN and Slice.
 * @internal
 */
export const maxPoolGradConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: "wasm",
  kernelFunc: maxPoolGrad,
};
