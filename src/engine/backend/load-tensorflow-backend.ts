import { createRequire } from "node:module";
import * as tf from "@tensorflow/tfjs-core";
import { gpuDeviceName } from "./gpu-device-name.js";
import type { LoadedBackend } from "./loaded-backend.js";
import { type NativeTfStatus, readNativeTfStatus } from "./native-tf-status.js";

/** The parts of tfjs-node's NodeJSKernelBackend we read. */
interface NodeKernelBackend {
  readonly isUsingGpuDevice: boolean;
  readonly binding: { readonly TF_Version: string };
}

function isNodeKernelBackend(backend: unknown): backend is NodeKernelBackend {
  if (typeof backend !== "object" || backend === null) return false;
  const binding: unknown = Reflect.get(backend, "binding");
  return (
    typeof Reflect.get(backend, "isUsingGpuDevice") === "boolean" &&
    typeof binding === "object" &&
    binding !== null &&
    typeof Reflect.get(binding, "TF_Version") === "string"
  );
}

/**
 * Makes tfjs-node's native TensorFlow backend the active one. tfjs-node is CommonJS and loads the
 * ~600 MB libtensorflow as soon as it is required, so it is required here, on demand, never by an
 * `import` of our modules. Throws, with the install step's reason where it recorded one, when the
 * backend cannot be used.
 */
export async function loadTensorflowBackend(
  status: NativeTfStatus = readNativeTfStatus(),
): Promise<LoadedBackend> {
  if (!status.ok) throw new Error(status.reason || "the native TensorFlow install step failed");
  // TF's C++ logging prints oneDNN/CPU-feature banners at INFO; keep warnings and errors only.
  // oneDNN itself stays on (TF_ENABLE_ONEDNN_OPTS unset): the native step is 1.7× slower without it.
  process.env.TF_CPP_MIN_LOG_LEVEL ??= "2";
  try {
    createRequire(import.meta.url)("@tensorflow/tfjs-node");
  } catch (error) {
    throw new Error(
      `@tensorflow/tfjs-node failed to load: ${String((error as Error).message).split("\n")[0]}`,
    );
  }
  if (!(await tf.setBackend("tensorflow"))) throw new Error("tf.setBackend('tensorflow') returned false");
  await tf.ready();
  const backend: unknown = tf.backend();
  if (!isNodeKernelBackend(backend)) throw new Error("the tensorflow backend is not tfjs-node's");
  return {
    tfVersion: backend.binding.TF_Version,
    device: backend.isUsingGpuDevice ? `gpu:${gpuDeviceName()}` : "cpu",
  };
}
