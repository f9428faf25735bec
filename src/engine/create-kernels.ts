import * as tf from "@tensorflow/tfjs-core";
import type { Kernels } from "./kernels/kernels.js";
import { createTfjsKernels } from "./kernels/tfjs-kernels.js";
import { isNativeTfBackend } from "./native/native-backend.js";
import { createNativeKernels } from "./native/native-kernels.js";
import { registerWasmTrainingKernels } from "./wasm/register-wasm-training-kernels.js";

/**
 * The {@link Kernels} of the active tfjs backend: raw TF ops on the native backend, tfjs kernels
 * elsewhere (on wasm after registering the training kernels it lacks). Call after the backend
 * ladder picked a backend.
 */
export function createKernels(): Kernels {
  const backend = tf.backend();
  if (isNativeTfBackend(backend)) return createNativeKernels(tf, backend);
  if (tf.getBackend() === "wasm") registerWasmTrainingKernels();
  return createTfjsKernels(tf);
}
