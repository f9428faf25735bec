/**
 * Worker-thread entry of `FrequencyPool`: runs frequency tasks on the chunks it is sent and
 * posts the results back.
 */
import { parentPort } from "node:worker_threads";
import { type FrequencyTaskName, runFrequencyTask } from "./frequency-tasks.js";

interface RunMessage {
  readonly id: number;
  readonly task: FrequencyTaskName;
  readonly shared: unknown;
  readonly hasShared: boolean;
  readonly index: number;
  readonly items: Int32Array;
}

const port = parentPort;
if (!port) throw new Error("frequency-worker must run in a worker thread");
const sharedById = new Map<number, unknown>();
port.on("message", (msg: RunMessage | { release: number }) => {
  if ("release" in msg) {
    sharedById.delete(msg.release);
    return;
  }
  if (msg.hasShared) sharedById.set(msg.id, msg.shared);
  try {
    const result = runFrequencyTask(msg.task, sharedById.get(msg.id) as never, msg.items);
    // Copied, not transferred: detaching any ArrayBuffer trips V8's detach protector for the
    // whole isolate, after which every typed-array access checks for detachment (~30% slower
    // numeric loops here). Results are small next to the work that produced them.
    port.postMessage({ id: msg.id, index: msg.index, result });
  } catch (e) {
    const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    port.postMessage({ id: msg.id, index: msg.index, error });
  }
});
