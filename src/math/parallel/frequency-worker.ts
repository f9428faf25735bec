/**
 * Worker-thread entry of `FrequencyPool`: runs frequency tasks on the chunks it is sent and
 * posts the results back (typed-array buffers transferred, not copied).
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

function transferables(value: unknown): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  const visit = (v: unknown) => {
    if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer && !out.includes(v.buffer))
      out.push(v.buffer);
  };
  visit(value);
  if (value && typeof value === "object" && !ArrayBuffer.isView(value)) Object.values(value).forEach(visit);
  return out;
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
    port.postMessage({ id: msg.id, index: msg.index, result }, transferables(result));
  } catch (e) {
    const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    port.postMessage({ id: msg.id, index: msg.index, error });
  }
});
