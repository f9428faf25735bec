import * as tf from "@tensorflow/tfjs-core";

/**
 * Runs a kernel body built from public tfjs ops (which dispatch to the active backend's own
 * kernels) and hands the result back as the kernel's output.
 *
 * Kernel inputs arrive as bare `TensorInfo`s; they are wrapped as tensors after an `incRef`, so
 * disposing the wrappers only drops that extra reference. The result gets the same treatment in
 * reverse: one extra reference for the engine's new output tensor, then the intermediate tensor
 * is disposed. Ops run inside a kernel are not recorded on the gradient tape (the engine only
 * records at kernel depth 0), so nesting is safe under `tf.grads`.
 * @internal
 */
export function runComposite(
  inputs: readonly tf.TensorInfo[],
  body: (...xs: tf.Tensor[]) => tf.Tensor,
): tf.TensorInfo {
  const backend = tf.backend();
  const engine = tf.engine();
  const out = tf.tidy(() => {
    const xs = inputs.map((info) => {
      backend.incRef(info.dataId);
      return engine.makeTensorFromTensorInfo(info, backend);
    });
    return body(...xs);
  });
  backend.incRef(out.dataId);
  const info: tf.TensorInfo = { dataId: out.dataId, shape: out.shape, dtype: out.dtype };
  out.dispose();
  return info;
}
