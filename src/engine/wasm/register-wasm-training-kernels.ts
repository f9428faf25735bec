import type { KernelConfig } from "@tensorflow/tfjs-core";
import * as tf from "@tensorflow/tfjs-core";
import { conv2dBackpropFilterConfig } from "./conv2d-backprop-filter.js";
import { depthwiseConv2dBackpropFilterConfig } from "./depthwise-conv2d-backprop-filter.js";
import { depthwiseConv2dBackpropInputConfig } from "./depthwise-conv2d-backprop-input.js";
import { maxPoolGradConfig } from "./max-pool-grad.js";
import { unsortedSegmentSumConfig } from "./unsorted-segment-sum.js";

/**
 * The kernels tfjs-backend-wasm 4.22 lacks that tfjs's gradients of conv2d, depthwiseConv2d and
 * gather call (found by the probe in `wasm-training-kernels-probe.test.ts`).
 */
const TRAINING_KERNELS: readonly KernelConfig[] = [
  conv2dBackpropFilterConfig,
  depthwiseConv2dBackpropInputConfig,
  depthwiseConv2dBackpropFilterConfig,
  unsortedSegmentSumConfig,
];

/**
 * Kernels tfjs-backend-wasm 4.22 has but gets wrong; replaced once, marked by identity so a second
 * call does not replace them again.
 */
const REPLACED_KERNELS: readonly KernelConfig[] = [maxPoolGradConfig];

/**
 * Registers the missing training kernels for the wasm backend and replaces the faulty MaxPoolGrad.
 * Idempotent: a missing kernel already registered for wasm (by an earlier call, or by a later tfjs
 * release) is left alone; the replacement happens once.
 * Returns the names it registered on this call.
 */
export function registerWasmTrainingKernels(): string[] {
  const added: string[] = [];
  for (const config of TRAINING_KERNELS) {
    if (tf.getKernel(config.kernelName, "wasm") === undefined) {
      tf.registerKernel(config);
      added.push(config.kernelName);
    }
  }
  for (const config of REPLACED_KERNELS) {
    const current = tf.getKernel(config.kernelName, "wasm");
    if (current?.kernelFunc !== config.kernelFunc) {
      if (current !== undefined) tf.unregisterKernel(config.kernelName, "wasm");
      tf.registerKernel(config);
      added.push(config.kernelName);
    }
  }
  return added;
}
