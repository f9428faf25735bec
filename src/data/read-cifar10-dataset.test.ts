import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readCifar10Dataset } from "./read-cifar10-dataset.js";
import { tempDir } from "./testing/temp-dir.js";

const dir = tempDir();

/** `n` CIFAR records whose label is `labels[i]` and whose pixels start at `seed`. */
function batch(labels: number[], seed: number): Uint8Array {
  const out = new Uint8Array(labels.length * 3073);
  labels.forEach((l, i) => {
    out[i * 3073] = l;
    for (let p = 0; p < 3072; p++) out[i * 3073 + 1 + p] = (seed + i * 7 + p) % 256;
  });
  return out;
}

describe("readCifar10Dataset", () => {
  const cifar = join(dir, "cifar");
  mkdirSync(cifar);
  writeFileSync(join(cifar, "data_batch_2.bin"), batch([3, 4], 100));
  writeFileSync(join(cifar, "data_batch_1.bin"), batch([0, 9], 0));
  writeFileSync(join(cifar, "test_batch.bin"), batch([5], 50));

  it("reads one batch file: label byte then CHW pixels / 255", async () => {
    const ds = await readCifar10Dataset(join(cifar, "data_batch_1.bin"));
    expect(ds.shape).toEqual([2, 3, 32, 32]);
    expect(ds.classes).toBe(10);
    expect(Array.from(ds.labels)).toEqual([0, 9]);
    expect(ds.images[3072 + 5]).toBe(Math.fround(((7 + 5) % 256) / 255));
  });

  it("concatenates a directory's train batches in batch-number order", async () => {
    const ds = await readCifar10Dataset(cifar, "train");
    expect(Array.from(ds.labels)).toEqual([0, 9, 3, 4]);
    expect(ds.images[2 * 3072]).toBe(Math.fround(100 / 255));
  });

  it("reads test_batch.bin for the test split", async () => {
    const ds = await readCifar10Dataset(cifar, "test");
    expect(Array.from(ds.labels)).toEqual([5]);
  });

  it("throws when a batch is truncated", async () => {
    const f = join(dir, "trunc.bin");
    writeFileSync(f, batch([1, 2], 0).subarray(0, 5000));
    await expect(readCifar10Dataset(f)).rejects.toThrow(/5000 bytes is not a positive multiple of 3073/);
  });

  it("throws when a label is 10 or more", async () => {
    const f = join(dir, "label.bin");
    writeFileSync(f, batch([1, 12], 0));
    await expect(readCifar10Dataset(f)).rejects.toThrow(/label 1 is 12; expected a class index in \[0, 10\)/);
  });

  it("throws when a directory has no batch for the split", async () => {
    const empty = join(dir, "nothing");
    mkdirSync(empty);
    await expect(readCifar10Dataset(empty, "test")).rejects.toThrow(
      /no CIFAR-10 test batch found; expected test_batch.bin/,
    );
  });

  it("throws when the path does not exist", async () => {
    await expect(readCifar10Dataset(join(dir, "absent"))).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });
});
