import type { KernelConfig } from "@tensorflow/tfjs-core";
import * as tf from "@tensorflow/tfjs-core";
import { conv2dBackpropFilterConfig } from "./conv2d-backprop-filter.js";
import { depthwiseConv2dBackpropFilterConfig } from "./depthwise-conv2d-backprop-filter.js";
import { depthwiseConv2dBackpropInputConfig } from "./depthwise-conv2d-backprop-input.js";
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
 * Registers the missing training kernels for the wasm backend. Idempotent: a kernel already
 * registered for wasm (by an earlier call, or by a later tfjs release) is left alone.
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
  return added;
}
