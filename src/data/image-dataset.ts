import { invalidArgument } from "../errors/normserve-error.js";
import { firstNonFinite } from "../tensor/first-non-finite.js";

/** Image tensor layout `[N, C, H, W]` (batch, channels, height, width). */
export type ImageShape = readonly [n: number, c: number, h: number, w: number];

/**
 * A labelled image set held in memory. `images` is N×C×H×W in C order with values in [0, 1];
 * `labels[i]` is the class of image i. `classes`, when known, bounds every label.
 */
export interface ImageDataset {
  readonly images: Float32Array;
  readonly labels: Int32Array;
  readonly shape: ImageShape;
  readonly classes?: number;
}

/**
 * Builds an {@link ImageDataset} after checking everything a loader can get wrong: shape against
 * buffer sizes, image/label counts, emptiness, NaN or out-of-[0,1] pixels and labels outside
 * `[0, classes)`. `source` names the file(s) in the error messages.
 */
export function createImageDataset(
  source: string,
  images: Float32Array,
  labels: Int32Array,
  shape: ImageShape,
  classes?: number,
): ImageDataset {
  const [n, c, h, w] = shape;
  for (const [name, d] of [
    ["N", n],
    ["C", c],
    ["H", h],
    ["W", w],
  ] as const) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw invalidArgument(`${source}: image dimension ${name} must be a non-negative integer, got ${d}`);
    }
  }
  if (n === 0) throw invalidArgument(`${source}: dataset is empty (0 images)`);
  if (c * h * w === 0) throw invalidArgument(`${source}: images are empty (shape [${shape.join(", ")}])`);
  if (images.length !== n * c * h * w) {
    throw invalidArgument(
      `${source}: shape [${shape.join(", ")}] needs ${n * c * h * w} pixel values, found ${images.length}`,
    );
  }
  if (labels.length !== n) {
    throw invalidArgument(`${source}: ${n} images but ${labels.length} labels; expected one label per image`);
  }
  if (classes !== undefined && (!Number.isSafeInteger(classes) || classes < 1)) {
    throw invalidArgument(`${source}: classes must be a positive integer, got ${classes}`);
  }
  checkUnitRange(source, images);
  checkLabels(source, labels, classes);
  return classes === undefined
    ? { images, labels, shape: [n, c, h, w] }
    : { images, labels, shape: [n, c, h, w], classes };
}

/** Rejects NaN/±Inf and values outside [0, 1], naming the first offending element. @internal */
export function checkUnitRange(source: string, images: Float32Array): void {
  const bad = firstNonFinite(images);
  if (bad >= 0) {
    throw invalidArgument(
      `${source}: image value at element ${bad} is ${images[bad]}; expected finite values in [0, 1]`,
    );
  }
  for (let i = 0; i < images.length; i++) {
    const v = images[i];
    if (v < 0 || v > 1) {
      throw invalidArgument(
        `${source}: image value at element ${i} is ${v}; expected values in [0, 1] (scale float images to [0, 1], or store them as uint8)`,
      );
    }
  }
}

/** Rejects labels outside `[0, classes)` (or negative ones), naming the first. @internal */
export function checkLabels(source: string, labels: Int32Array, classes: number | undefined): void {
  const limit = classes ?? 2 ** 31;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l < 0 || l >= limit) {
      const expected =
        classes === undefined ? "a non-negative class index" : `a class index in [0, ${classes})`;
      throw invalidArgument(`${source}: label ${i} is ${l}; expected ${expected}`);
    }
  }
}
