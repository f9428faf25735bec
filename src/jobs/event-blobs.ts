import type { JobEvent } from "../gen/normserve/v1/jobs.js";
import type { Tensor } from "../gen/normserve/v1/tensor.js";

/** Byte fields at least this long go to an artifact instead of the JSON-lines log. */
export const BLOB_MIN_BYTES = 1024;

/** A large byte field taken out of an event: where it was and its bytes. */
export interface EventBlob {
  /** `trainCompleted.onnxModel`, `attackResult.adversarial` or `evaluateCompleted.results.<i>.adversarial`. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

const EMPTY = new Uint8Array(0);

function stripTensor(tensor: Tensor | undefined, path: string, blobs: EventBlob[]): Tensor | undefined {
  if (tensor === undefined || tensor.data.length < BLOB_MIN_BYTES) return tensor;
  blobs.push({ path, bytes: tensor.data });
  return { ...tensor, data: EMPTY };
}

/**
 * The event without its large byte fields (TrainCompleted's model, adversarial examples), and
 * those fields, so the log stays small; {@link restoreBlobs} puts them back.
 */
export function stripBlobs(event: JobEvent): { event: JobEvent; blobs: EventBlob[] } {
  const blobs: EventBlob[] = [];
  const payload = event.event;
  if (payload?.$case === "trainCompleted" && payload.value.onnxModel.length >= BLOB_MIN_BYTES) {
    blobs.push({ path: "trainCompleted.onnxModel", bytes: payload.value.onnxModel });
    return {
      event: { ...event, event: { $case: "trainCompleted", value: { ...payload.value, onnxModel: EMPTY } } },
      blobs,
    };
  }
  if (payload?.$case === "attackResult") {
    const adversarial = stripTensor(payload.value.adversarial, "attackResult.adversarial", blobs);
    return {
      event: { ...event, event: { $case: "attackResult", value: { ...payload.value, adversarial } } },
      blobs,
    };
  }
  if (payload?.$case === "evaluateCompleted") {
    const results = payload.value.results.map((r, i) => ({
      ...r,
      adversarial: stripTensor(r.adversarial, `evaluateCompleted.results.${i}.adversarial`, blobs),
    }));
    return {
      event: { ...event, event: { $case: "evaluateCompleted", value: { ...payload.value, results } } },
      blobs,
    };
  }
  return { event, blobs };
}

/** Puts byte fields taken out by {@link stripBlobs} back (in place); unknown paths are ignored. */
export function restoreBlobs(event: JobEvent, blobs: ReadonlyMap<string, Uint8Array>): void {
  const payload = event.event;
  for (const [path, bytes] of blobs) {
    if (path === "trainCompleted.onnxModel" && payload?.$case === "trainCompleted") {
      payload.value.onnxModel = bytes;
    } else if (path === "attackResult.adversarial" && payload?.$case === "attackResult") {
      if (payload.value.adversarial) payload.value.adversarial.data = bytes;
    } else if (path.startsWith("evaluateCompleted.results.") && payload?.$case === "evaluateCompleted") {
      const index = Number(path.split(".")[2]);
      const tensor = payload.value.results[index]?.adversarial;
      if (tensor) tensor.data = bytes;
    }
  }
}
