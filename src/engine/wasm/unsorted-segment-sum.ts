import * as tf from "@tensorflow/tfjs-core";
import { type KernelConfig, type KernelFunc, UnsortedSegmentSum } from "@tensorflow/tfjs-core";
import { kernelInput } from "./kernel-input.js";
import { runComposite } from "./run-composite.js";

/**
 * out = oneHot(ids)ᵀ · x on wasm OneHot and BatchMatMul. Ids outside [0, numSegments) get an
 * all-zero one-hot row and are dropped, as in TF. Costs n·numSegments·rest multiply-adds, fine
 * for GatherV2's gradient over class or batch axes (its use in training), not for huge vocabularies.
 * int32 data goes through float32 (exact below 2^24).
 */
const unsortedSegmentSum: KernelFunc = ({ inputs, attrs = {} }) => {
  const x = kernelInput(UnsortedSegmentSum, inputs, "x");
  const ids = kernelInput(UnsortedSegmentSum, inputs, "segmentIds");
  const numSegments = attrs.numSegments;
  if (typeof numSegments !== "number" || !Number.isInteger(numSegments) || numSegments < 1) {
    throw new Error(
      `${UnsortedSegmentSum}: expected attr numSegments to be a positive integer, got ${JSON.stringify(numSegments)}`,
    );
  }
  return runComposite([x, ids], (xt, idt) => {
    const n = idt.size;
    const rest = xt.shape.slice(idt.rank);
    const oneHot = tf.oneHot(tf.reshape(tf.cast(idt, "int32"), [n]), numSegments);
    const flat = tf.reshape(tf.cast(xt, "float32"), [n, xt.size / Math.max(n, 1)]);
    const out = tf.reshape(tf.matMul(tf.cast(oneHot, "float32"), flat, true, false), [numSegments, ...rest]);
    return xt.dtype === "float32" ? out : tf.cast(out, xt.dtype);
  });
};

/** UnsortedSegmentSum (GatherV2's gradient) for the wasm backend, from wasm OneHot and BatchMatMul. @internal */
export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: "wasm",
  kernelFunc: unsortedSegmentSum,
};
