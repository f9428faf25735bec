import { createRequire } from "node:module";
import { dirname } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import type { LoadedBackend } from "./loaded-backend.js";

/**
 * Makes the wasm backend the active one. Under Node it would fetch its `.wasm` binaries relative
 * to a URL, which fails, so it is pointed at the files in node_modules first.
 */
export async function loadWasmBackend(): Promise<LoadedBackend> {
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  const distDir = dirname(createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm"));
  wasm.setWasmPaths(`${distDir}/`);
  if (!(await tf.setBackend("wasm"))) throw new Error("tf.setBackend('wasm') returned false");
  await tf.ready();
  return { device: "cpu", threads: wasm.getThreadsCount() };
}
