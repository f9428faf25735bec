import { invalidArgument } from "../errors/normserve-error.js";
import { augmentInto } from "./augment-into.js";
import { AUGMENT_STREAM, epochOrder } from "./epoch-order.js";
import type { ImageDataset, ImageShape } from "./image-dataset.js";
import { type Normalization, normalizationTables, normalizeInPlace } from "./normalization.js";
import { SeededRandom } from "./seeded-random.js";

/** The paper's training augmentation; both parts are drawn per example from (seed, epoch). */
export interface Augmentation {
  /** Random crop after zero-padding each side by this many pixels (4 for 32×32 CIFAR); 0 = off. */
  readonly padding?: number;
  /** Mirror along W with probability 0.5. */
  readonly horizontalFlip?: boolean;
}

/** Options of {@link batches}. */
export interface BatchOptions {
  readonly batchSize: number;
  /** Visit examples in a seeded random order; default false (dataset order). */
  readonly shuffle?: boolean;
  /** Seed of the shuffle and augmentation; default 0. */
  readonly seed?: number;
  /** Epoch number: mixed into the seed so each epoch gets its own order and augmentation. */
  readonly epoch?: number;
  /** Skip the final short batch; default false. */
  readonly dropLast?: boolean;
  readonly augmentation?: Augmentation;
  /** Applied after augmentation, so padded zeros normalise like black pixels. */
  readonly normalization?: Normalization;
}

/** One batch: B×C×H×W images, their labels and their indices in the dataset. */
export interface Batch {
  readonly images: Float32Array;
  readonly labels: Int32Array;
  readonly shape: ImageShape;
  readonly indices: Int32Array;
}

/** Number of batches {@link batches} yields for `n` examples. */
export function batchCount(n: number, batchSize: number, dropLast = false): number {
  return dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
}

/**
 * Yields one epoch of batches. Each batch owns fresh buffers (consumers may keep them); examples
 * are copied (and augmented, then normalised) straight into the batch buffer.
 */
export function* batches(dataset: ImageDataset, options: BatchOptions): Generator<Batch, void, undefined> {
  const { batchSize, shuffle = false, seed = 0, epoch = 0, dropLast = false } = options;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw invalidArgument(`batchSize must be a positive integer, got ${batchSize}`);
  }
  for (const [name, v] of [
    ["seed", seed],
    ["epoch", epoch],
  ] as const) {
    if (!Number.isSafeInteger(v)) throw invalidArgument(`${name} must be an integer, got ${v}`);
  }
  const padding = options.augmentation?.padding ?? 0;
  if (!Number.isSafeInteger(padding) || padding < 0) {
    throw invalidArgument(`augmentation.padding must be a non-negative integer, got ${padding}`);
  }
  const flip = options.augmentation?.horizontalFlip ?? false;
  const [n, c, h, w] = dataset.shape;
  const tables = options.normalization ? normalizationTables(options.normalization, c) : undefined;
  const size = c * h * w;
  const order = epochOrder(n, shuffle, seed, epoch);
  const rng = new SeededRandom(seed, epoch, AUGMENT_STREAM);
  const augment = padding > 0 || flip;
  const span = 2 * padding + 1;
  for (let start = 0; start < n; start += batchSize) {
    const b = Math.min(batchSize, n - start);
    if (b < batchSize && dropLast) return;
    const images = new Float32Array(b * size);
    const labels = new Int32Array(b);
    const indices = order.slice(start, start + b);
    for (let i = 0; i < b; i++) {
      const k = indices[i];
      labels[i] = dataset.labels[k];
      if (augment) {
        const dy = padding > 0 ? rng.nextInt(span) - padding : 0;
        const dx = padding > 0 ? rng.nextInt(span) - padding : 0;
        const mirror = flip && rng.next() < 0.5;
        augmentInto(dataset.images, k * size, images, i * size, c, h, w, dy, dx, mirror);
      } else {
        images.set(dataset.images.subarray(k * size, (k + 1) * size), i * size);
      }
    }
    if (tables) normalizeInPlace(images, b, c, h * w, tables.mean, tables.invStd);
    yield { images, labels, shape: [b, c, h, w], indices };
  }
}
