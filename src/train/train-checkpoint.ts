import type { OnnxExecutor } from "../engine/executor/onnx-executor.js";
import type { EpochSummary } from "../gen/normserve/v1/train.js";
import type { SavedDecayState } from "./train-decay-session.js";

/** Artifact names of a Train job. */
export const CHECKPOINT_ONNX = "checkpoint.onnx";
/** The checkpoint's index (written last: its presence commits the checkpoint). */
export const CHECKPOINT_JSON = "checkpoint.json";
/** Optimiser velocity and norm-decay state `G`, raw little-endian arrays indexed by the JSON. */
export const CHECKPOINT_STATE = "checkpoint-state.bin";
/** The trained model. */
export const MODEL_ONNX = "model.onnx";

interface Span {
  readonly offset: number;
  readonly length: number;
}

/** What checkpoint.json holds. */
export interface CheckpointIndex {
  readonly version: 1;
  /** Last completed epoch (from 0); training resumes at epoch + 1. */
  readonly epoch: number;
  /** Updates done. */
  readonly step: number;
  readonly seed: number;
  /**
   * Shuffle and augmentation are drawn from (seed, epoch): the next epoch's streams need nothing
   * else. `dropoutState` is the executor's random stream ({@link OnnxExecutor.randomState}) after
   * the epoch, so Dropout's masks continue as in an uninterrupted run (absent in checkpoints written
   * before it was kept: those resume with the stream seeded from (seed, epoch)).
   */
  readonly rng: { readonly shuffleAndAugment: string; readonly dropoutState?: number };
  readonly epochs: EpochSummary[];
  /** Momentum buffers in ONNX layout (float32 spans). */
  readonly velocity: Record<string, Span>;
  /** `G` per layer: indices (int32 span) and values (float64 span). */
  readonly decay: { key: string; length: number; indices: Span; values: Span }[];
}

/** A decoded checkpoint (besides its ONNX). */
export interface CheckpointState {
  readonly index: CheckpointIndex;
  readonly velocity: Map<string, Float32Array>;
  readonly decay: SavedDecayState[];
}

/** Encodes the checkpoint's JSON index and binary state. */
export function encodeCheckpoint(
  meta: Omit<CheckpointIndex, "velocity" | "decay" | "version">,
  velocity: ReadonlyMap<string, Float32Array>,
  decay: readonly SavedDecayState[],
): { json: Uint8Array; state: Uint8Array } {
  const parts: Uint8Array[] = [];
  let offset = 0;
  const push = (a: Float32Array | Float64Array | Int32Array): Span => {
    const bytes = new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
    parts.push(bytes);
    const span = { offset, length: a.length };
    offset += bytes.byteLength;
    return span;
  };
  const velocityIndex: Record<string, Span> = {};
  for (const [name, v] of velocity) velocityIndex[name] = push(v);
  const decayIndex = decay.map((d) => ({
    key: d.key,
    length: d.length,
    indices: push(d.indices),
    values: push(d.values),
  }));
  const state = new Uint8Array(offset);
  let at = 0;
  for (const p of parts) {
    state.set(p, at);
    at += p.byteLength;
  }
  const index: CheckpointIndex = { version: 1, ...meta, velocity: velocityIndex, decay: decayIndex };
  return { json: new TextEncoder().encode(JSON.stringify(index)), state };
}

/** Decodes what {@link encodeCheckpoint} wrote; throws Error on a malformed checkpoint. */
export function decodeCheckpoint(json: Uint8Array, state: Uint8Array): CheckpointState {
  const index = JSON.parse(new TextDecoder().decode(json)) as CheckpointIndex;
  if (index.version !== 1) throw new Error(`checkpoint version ${String(index.version)} is not supported`);
  const slice = (span: Span, width: number): ArrayBuffer => {
    const end = span.offset + span.length * width;
    if (end > state.byteLength) throw new Error("checkpoint state is truncated");
    return state.slice(span.offset, end).buffer;
  };
  const velocity = new Map<string, Float32Array>();
  for (const [name, span] of Object.entries(index.velocity))
    velocity.set(name, new Float32Array(slice(span, 4)));
  const decay = index.decay.map((d) => ({
    key: d.key,
    length: d.length,
    indices: new Int32Array(slice(d.indices, 4)),
    values: new Float64Array(slice(d.values, 8)),
  }));
  return { index, velocity, decay };
}
