import { createRequire } from "node:module";
import { dirname } from "node:path";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";

/**
 * Points the wasm backend at its `.wasm` binaries on disk and makes it the active tfjs backend.
 * Under Node the backend would otherwise fetch the binaries relative to a URL, which fails.
 * Returns the name of the active backend.
 */
export async function useWasmBackend(): Promise<string> {
  const require = createRequire(import.meta.url);
  const distDir = dirname(require.resolve("@tensorflow/tfjs-backend-wasm"));
  setWasmPaths(`${distDir}/`);
  const ok = await tf.setBackend("wasm");
  if (!ok) {
    throw new Error("useWasmBackend: expected tf.setBackend('wasm') to succeed, it returned false");
  }
  await tf.ready();
  return tf.getBackend();
}
