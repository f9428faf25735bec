/**
 * Worker-thread entry of `SpectralTaskRunner`: runs one {@link SpectralTask} per message and
 * posts the result back, or the error's name and message.
 */
import { parentPort } from "node:worker_threads";
import { runSpectralTask, type SpectralTask } from "./spectral-task.js";

const port = parentPort;
if (!port) throw new Error("spectral-worker must run in a worker thread");
port.on("message", (msg: { readonly id: number; readonly task: SpectralTask }) => {
  try {
    port.postMessage({ id: msg.id, result: runSpectralTask(msg.task) });
  } catch (e) {
    const error =
      e instanceof Error ? { name: e.name, message: e.message } : { name: "Error", message: String(e) };
    port.postMessage({ id: msg.id, error });
  }
});
