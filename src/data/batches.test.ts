import { describe, expect, it } from "vitest";
import { batchCount, batches } from "./batches.js";
import { createImageDataset, type ImageDataset } from "./image-dataset.js";

function dataset(n: number, c: number, h: number, w: number): ImageDataset {
  const size = c * h * w;
  const images = Float32Array.from(
    { length: n * size },
    (_, i) => ((i % size) + 1 + (Math.floor(i / size) % 7)) / (size + 8),
  );
  return createImageDataset(
    "test",
    images,
    Int32Array.from({ length: n }, (_, i) => i % 5),
    [n, c, h, w],
    5,
  );
}
const order = (ds: ImageDataset, o: Parameters<typeof batches>[1]) =>
  [...batches(ds, o)].flatMap((b) => Array.from(b.indices));

describe("batches", () => {
  const ds = dataset(103, 1, 4, 4);

  it("n=103 b=10 no shuffle: dataset order, last batch short, copies images and labels", () => {
    const all = [...batches(ds, { batchSize: 10 })];
    expect(all).toHaveLength(11);
    expect(batchCount(103, 10)).toBe(11);
    expect(all[10].shape).toEqual([3, 1, 4, 4]);
    expect(all.flatMap((b) => Array.from(b.indices))).toEqual(Array.from({ length: 103 }, (_, i) => i));
    expect(all[2].images).toEqual(ds.images.subarray(20 * 16, 30 * 16));
    expect(Array.from(all[2].labels)).toEqual(Array.from(ds.labels.subarray(20, 30)));
  });

  it("dropLast skips the short batch", () => {
    expect([...batches(ds, { batchSize: 10, dropLast: true })]).toHaveLength(10);
    expect(batchCount(103, 10, true)).toBe(10);
  });

  it("shuffle: a permutation, same for the same seed and epoch, different across epochs and seeds", () => {
    const a = order(ds, { batchSize: 16, shuffle: true, seed: 3, epoch: 0 });
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 103 }, (_, i) => i));
    expect(order(ds, { batchSize: 7, shuffle: true, seed: 3, epoch: 0 })).toEqual(a);
    expect(order(ds, { batchSize: 16, shuffle: true, seed: 3, epoch: 1 })).not.toEqual(a);
    expect(order(ds, { batchSize: 16, shuffle: true, seed: 4, epoch: 0 })).not.toEqual(a);
  });

  it("labels and images follow the shuffled indices", () => {
    for (const b of batches(ds, { batchSize: 32, shuffle: true, seed: 9 })) {
      b.indices.forEach((k, i) => {
        expect(b.labels[i]).toBe(ds.labels[k]);
        expect(b.images.subarray(i * 16, (i + 1) * 16)).toEqual(ds.images.subarray(k * 16, (k + 1) * 16));
      });
    }
  });

  it("normalisation c=3: (x − mean[c]) / std[c]", () => {
    const rgb = dataset(4, 3, 2, 2);
    const mean = [0.1, 0.5, 0.9];
    const std = [0.5, 0.25, 2];
    const [b] = [...batches(rgb, { batchSize: 4, normalization: { mean, std } })];
    for (let i = 0; i < b.images.length; i++) {
      const c = Math.floor(i / 4) % 3;
      expect(b.images[i]).toBeCloseTo((rgb.images[i] - mean[c]) / std[c], 6);
    }
  });

  it("augmentation is seeded: same seed+epoch → same pixels, another epoch → different", () => {
    const cifar = dataset(20, 3, 32, 32);
    const aug = { padding: 4, horizontalFlip: true };
    const run = (epoch: number) => [...batches(cifar, { batchSize: 8, seed: 1, epoch, augmentation: aug })];
    expect(run(2)).toEqual(run(2));
    expect(run(3)[0].images).not.toEqual(run(2)[0].images);
  });

  it("horizontal flip alone happens with p ≈ 0.5 and only reverses W", () => {
    const w = 5;
    const ds1 = dataset(4000, 1, 1, w);
    let flipped = 0;
    for (const b of batches(ds1, { batchSize: 128, seed: 7, augmentation: { horizontalFlip: true } })) {
      b.indices.forEach((k, i) => {
        const out = Array.from(b.images.subarray(i * w, (i + 1) * w));
        const src = Array.from(ds1.images.subarray(k * w, (k + 1) * w));
        if (out[0] === src[0]) expect(out).toEqual(src);
        else {
          expect(out).toEqual([...src].reverse());
          flipped++;
        }
      });
    }
    // 4000 Bernoulli(0.5) draws: sd ≈ 32, so ±160 is a 5-sigma band.
    expect(Math.abs(flipped - 2000)).toBeLessThan(160);
  });

  it("random crop padding=2 shifts by at most 2 in each direction, each shift seen", () => {
    const seen = new Set<string>();
    const img = createImageDataset(
      "one",
      Float32Array.from({ length: 36 }, (_, i) => (i + 1) / 36),
      new Int32Array(1),
      [1, 1, 6, 6],
    );
    for (let epoch = 0; epoch < 300; epoch++) {
      const [b] = [...batches(img, { batchSize: 1, epoch, augmentation: { padding: 2 } })];
      // The original pixel (2, 2) = 15/36 lands at (2 − dy, 2 − dx).
      const at = b.images.findIndex((v) => v === img.images[2 * 6 + 2]);
      const [dy, dx] = [2 - Math.floor(at / 6), 2 - (at % 6)];
      expect(Math.max(Math.abs(dy), Math.abs(dx))).toBeLessThanOrEqual(2);
      seen.add(`${dy},${dx}`);
    }
    expect(seen.size).toBe(25);
  });

  it("throws when batchSize is not a positive integer", () => {
    expect(() => [...batches(ds, { batchSize: 0 })]).toThrow(/batchSize must be a positive integer, got 0/);
  });

  it("throws when padding is negative", () => {
    expect(() => [...batches(ds, { batchSize: 1, augmentation: { padding: -1 } })]).toThrow(
      /augmentation.padding/,
    );
  });

  it("throws when normalisation has the wrong channel count or a zero std", () => {
    expect(() => [...batches(ds, { batchSize: 1, normalization: { mean: [0, 0], std: [1] } })]).toThrow(
      /normalization.mean has 2 entries; expected 1 or 1/,
    );
    expect(() => [...batches(ds, { batchSize: 1, normalization: { mean: [0], std: [0] } })]).toThrow(
      /std\[0\] is 0/,
    );
  });
});
