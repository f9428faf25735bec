import * as tf from "@tensorflow/tfjs-core";

/**
 * Pads (positive amounts) or crops (negative amounts) the two spatial axes of an NHWC tensor.
 * @internal
 */
export function padOrCrop(
  t: tf.Tensor4D,
  top: number,
  bottom: number,
  left: number,
  right: number,
): tf.Tensor4D {
  const [b, h, w, c] = t.shape;
  const cropped =
    top < 0 || bottom < 0 || left < 0 || right < 0
      ? tf.slice(
          t,
          [0, Math.max(-top, 0), Math.max(-left, 0), 0],
          [b, h - Math.max(-top, 0) - Math.max(-bottom, 0), w - Math.max(-left, 0) - Math.max(-right, 0), c],
        )
      : t;
  if (top <= 0 && bottom <= 0 && left <= 0 && right <= 0) return cropped;
  return tf.pad(cropped, [
    [0, 0],
    [Math.max(top, 0), Math.max(bottom, 0)],
    [Math.max(left, 0), Math.max(right, 0)],
    [0, 0],
  ]);
}
