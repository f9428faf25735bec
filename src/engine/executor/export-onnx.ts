import { writeInitializers } from "../../onnx/write-initializers.js";
import type { OnnxExecutor } from "./onnx-executor.js";

/** Options of {@link exportOnnx}. */
export interface ExportOnnxOptions {
  /** Strip BatchNormalization training parts (default true; see writeInitializers). */
  readonly inferenceForm?: boolean;
}

/**
 * The executor's model as ONNX bytes with the current values of every weight and buffer
 * (batch-norm running statistics) written back in ONNX layout; constants and the graph are
 * left as they were.
 */
export async function exportOnnx(exe: OnnxExecutor, options: ExportOnnxOptions = {}): Promise<Uint8Array> {
  const values = new Map<string, Float32Array>();
  for (const p of exe.params.all())
    if (p.role === "weight" || p.role === "buffer") values.set(p.name, await exe.params.read(p.name));
  return writeInitializers(exe.modelBytes, values, { inferenceForm: options.inferenceForm ?? true });
}
