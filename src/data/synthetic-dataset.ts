import { invalidArgument } from "../errors/normserve-error.js";
import { createImageDataset, type ImageDataset } from "./image-dataset.js";
import { SeededRandom } from "./seeded-random.js";

/** Parameters of {@link syntheticDataset}. */
export interface SyntheticOptions {
  /** Number of images. */
  readonly n: number;
  /** `[C, H, W]` of each image. */
  readonly imageShape: readonly [c: number, h: number, w: number];
  readonly classes: number;
  readonly seed: number;
  /** Standard deviation of the per-pixel Gaussian noise; default 0.1. */
  readonly noise?: number;
}

/**
 * A seeded learnable dataset: each class has its own random mean image (smooth blobs, values in
 * [0.2, 0.8]) and every example is its class mean plus Gaussian noise clipped to [0, 1]. Labels
 * cycle through the classes in a seeded order so every class appears. Same options → same bytes.
 */
export function syntheticDataset(options: SyntheticOptions): ImageDataset {
  const { n, classes, seed } = options;
  const [c, h, w] = options.imageShape;
  const noise = options.noise ?? 0.1;
  if (!Number.isSafeInteger(classes) || classes < 1) {
    throw invalidArgument(`syntheticDataset: classes must be a positive integer, got ${classes}`);
  }
  if (!(noise >= 0)) throw invalidArgument(`syntheticDataset: noise must be ≥ 0, got ${noise}`);
  if ([n, c, h, w].some((d) => !Number.isSafeInteger(d) || d < 1)) {
    throw invalidArgument(
      `syntheticDataset: n and shape must be positive integers, got n=${n} shape=[${c}, ${h}, ${w}]`,
    );
  }
  const rng = new SeededRandom(seed, 0x5e17);
  const size = c * h * w;
  const means = classMeans(rng, classes, c, h, w);
  const images = new Float32Array(n * size);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = (i + rng.nextInt(classes)) % classes;
    labels[i] = label;
    const base = i * size;
    const m = label * size;
    for (let p = 0; p < size; p++) {
      const v = means[m + p] + noise * rng.nextGaussian();
      images[base + p] = Math.min(1, Math.max(0, v));
    }
  }
  return createImageDataset("synthetic dataset", images, labels, [n, c, h, w], classes);
}

/** Per-class means: a sum of a few random Gaussian bumps, so classes differ in spatial layout. */
function classMeans(rng: SeededRandom, classes: number, c: number, h: number, w: number): Float32Array {
  const size = c * h * w;
  const means = new Float32Array(classes * size);
  for (let k = 0; k < classes; k++) {
    for (let ch = 0; ch < c; ch++) {
      const bumps = Array.from({ length: 3 }, () => ({
        y: rng.next() * h,
        x: rng.next() * w,
        r: 0.15 * Math.max(h, w) + 1,
        a: rng.next() * 2 - 1,
      }));
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          let v = 0;
          for (const b of bumps) v += b.a * Math.exp(-((y - b.y) ** 2 + (x - b.x) ** 2) / (2 * b.r * b.r));
          means[k * size + (ch * h + y) * w + x] = 0.5 + 0.3 * Math.tanh(v);
        }
      }
    }
  }
  return means;
}
