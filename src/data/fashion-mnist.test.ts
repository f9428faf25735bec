import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { batches } from "./batches.js";
import { loadDataset } from "./load-dataset.js";

const DIR = "/usr/share/datasets/fashion-mnist";

describe.skipIf(!existsSync(DIR))("Fashion-MNIST (Debian dataset)", () => {
  // First labels read independently with Python's gzip module (bytes 8..18 of the idx1 files).
  it("train: 60000×1×28×28, labels in 0..9, first labels [9,0,0,3,0,2,7,2,5,5]", async () => {
    const ds = await loadDataset(DIR, { classes: 10 });
    expect(ds.shape).toEqual([60000, 1, 28, 28]);
    expect(Array.from(ds.labels.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    expect(Math.max(...ds.labels)).toBe(9);
    expect(Math.min(...ds.labels)).toBe(0);
    // An augmented, shuffled, normalised epoch of 128-batches is cheap enough to run per epoch.
    const start = performance.now();
    let seen = 0;
    for (const b of batches(ds, {
      batchSize: 128,
      shuffle: true,
      seed: 1,
      augmentation: { padding: 4, horizontalFlip: true },
      normalization: { mean: [0.286], std: [0.353] },
    })) {
      seen += b.labels.length;
    }
    expect(seen).toBe(60000);
    expect(performance.now() - start).toBeLessThan(5000);
  });

  it("test: 10000×1×28×28, first labels [9,2,1,1,6,1,4,6,5,7]", async () => {
    const ds = await loadDataset(DIR, { split: "test", classes: 10 });
    expect(ds.shape).toEqual([10000, 1, 28, 28]);
    expect(Array.from(ds.labels.subarray(0, 10))).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7]);
  });
});
