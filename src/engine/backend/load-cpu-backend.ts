import * as tf from "@tensorflow/tfjs-core";
import type { LoadedBackend } from "./loaded-backend.js";

/** Makes tfjs's pure-JS backend the active one: always works, ~700× slower than native. */
export async function loadCpuBackend(): Promise<LoadedBackend> {
  await import("@tensorflow/tfjs-backend-cpu");
  if (!(await tf.setBackend("cpu"))) throw new Error("tf.setBackend('cpu') returned false");
  await tf.ready();
  // JavaScript runs the kernels on the main thread.
  return { device: "cpu", threads: 1 };
}
