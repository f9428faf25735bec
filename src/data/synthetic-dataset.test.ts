import { describe, expect, it } from "vitest";
import { SeededRandom } from "./seeded-random.js";
import { syntheticDataset } from "./synthetic-dataset.js";

describe("syntheticDataset", () => {
  const opts = { n: 400, imageShape: [1, 8, 8] as const, classes: 4, seed: 11 };

  it("is deterministic in its seed, in [0, 1], and uses every class", () => {
    const a = syntheticDataset(opts);
    expect(syntheticDataset(opts)).toEqual(a);
    expect(syntheticDataset({ ...opts, seed: 12 }).images).not.toEqual(a.images);
    expect(a.shape).toEqual([400, 1, 8, 8]);
    expect(a.classes).toBe(4);
    expect(Math.min(...a.images)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a.images)).toBeLessThanOrEqual(1);
    expect(new Set(a.labels).size).toBe(4);
  });

  it("is learnable: nearest class mean (fit on half) classifies the other half > 90%", () => {
    const ds = syntheticDataset(opts);
    const size = 64;
    const means = new Float64Array(4 * size);
    const counts = new Float64Array(4);
    for (let i = 0; i < 200; i++) {
      counts[ds.labels[i]]++;
      for (let p = 0; p < size; p++) means[ds.labels[i] * size + p] += ds.images[i * size + p];
    }
    for (let k = 0; k < 4; k++) for (let p = 0; p < size; p++) means[k * size + p] /= counts[k];
    let correct = 0;
    for (let i = 200; i < 400; i++) {
      let best = -1;
      let bestD = Number.POSITIVE_INFINITY;
      for (let k = 0; k < 4; k++) {
        let d = 0;
        for (let p = 0; p < size; p++) d += (ds.images[i * size + p] - means[k * size + p]) ** 2;
        if (d < bestD) [best, bestD] = [k, d];
      }
      if (best === ds.labels[i]) correct++;
    }
    expect(correct / 200).toBeGreaterThan(0.9);
  });

  it("throws when classes is 0", () => {
    expect(() => syntheticDataset({ ...opts, classes: 0 })).toThrow(
      /classes must be a positive integer, got 0/,
    );
  });
});

describe("SeededRandom", () => {
  it("is reproducible, in [0, 1), mean ≈ 0.5, and separates neighbouring seeds", () => {
    const a = new SeededRandom(5, 1);
    const b = new SeededRandom(5, 1);
    const c = new SeededRandom(5, 2);
    let sum = 0;
    let same = 0;
    for (let i = 0; i < 10000; i++) {
      const x = a.next();
      expect(x).toBe(b.next());
      expect(x >= 0 && x < 1).toBe(true);
      if (x === c.next()) same++;
      sum += x;
    }
    expect(Math.abs(sum / 10000 - 0.5)).toBeLessThan(0.02);
    expect(same).toBe(0);
  });
});
