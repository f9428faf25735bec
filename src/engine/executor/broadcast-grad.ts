import type { Tensor } from "@tensorflow/tfjs-core";
import type { TfNamespace } from "../kernels/tfjs-kernels.js";

/**
 * Reduces a gradient of a broadcast result back to an operand's stored shape: sums over the
 * leading axes the operand lacks and over axes where it has size 1.
 */
export function unbroadcast(tf: TfNamespace, grad: Tensor, shape: readonly number[]): Tensor {
  if (grad.shape.length === shape.length && grad.shape.every((d, i) => d === shape[i])) return grad;
  return tf.tidy(() => {
    const lead = grad.rank - shape.length;
    const axes: number[] = [];
    for (let i = 0; i < grad.rank; i++)
      if (i < lead || (shape[i - lead] === 1 && grad.shape[i] !== 1)) axes.push(i);
    const summed = axes.length > 0 ? tf.sum(grad, axes) : grad;
    return tf.reshape(summed, [...shape]);
  });
}
