import * as ort from "onnxruntime-node";

/**
 * Runs ONNX bytes once in onnxruntime (CPU, one thread) on a float32 batch and returns the first
 * output's values and dims.
 * @internal
 */
export async function ortRun(
  bytes: Uint8Array,
  input: Float32Array,
  shape: readonly number[],
): Promise<{ data: Float32Array; dims: number[] }> {
  const session = await ort.InferenceSession.create(bytes, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    // Warnings only: the batch-statistics models leave the running statistics unused.
    logSeverityLevel: 3,
  });
  try {
    const out = await session.run({ [session.inputNames[0]]: new ort.Tensor("float32", input, [...shape]) });
    const y = out[session.outputNames[0]];
    return { data: Float32Array.from(y.data as Float32Array), dims: y.dims.map(Number) };
  } finally {
    await session.release();
  }
}
