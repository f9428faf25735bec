import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { encodeNpy } from "./encode-npy.js";
import { encodeIdx } from "./idx-file.js";
import { loadDataset } from "./load-dataset.js";
import { tempDir } from "./testing/temp-dir.js";

const root = tempDir();
const sub = (name: string): string => {
  const d = join(root, name);
  mkdirSync(d, { recursive: true });
  return d;
};

const idx = sub("idx");
writeFileSync(join(idx, "train-images-idx3-ubyte.gz"), gzipSync(encodeIdx([2, 2, 2], new Uint8Array(8))));
writeFileSync(join(idx, "train-labels-idx1-ubyte.gz"), gzipSync(encodeIdx([2], Uint8Array.from([1, 2]))));
writeFileSync(join(idx, "t10k-images-idx3-ubyte"), encodeIdx([1, 2, 2], new Uint8Array(4)));
writeFileSync(join(idx, "t10k-labels-idx1-ubyte"), encodeIdx([1], Uint8Array.from([3])));

const npy = sub("npy");
writeFileSync(join(npy, "images.npy"), encodeNpy(new Float32Array(3 * 4), [3, 2, 2]));
writeFileSync(join(npy, "labels.npy"), encodeNpy(Int32Array.from([0, 1, 0]), [3]));
const split = sub("split/test");
copyFileSync(join(npy, "images.npy"), join(split, "images.npy"));
copyFileSync(join(npy, "labels.npy"), join(split, "labels.npy"));
writeFileSync(join(npy, "x_images.npy"), encodeNpy(new Float32Array(4), [1, 2, 2]));
writeFileSync(join(npy, "x_labels.npy"), encodeNpy(Int32Array.from([4]), [1]));

const cifar = sub("cifar");
const record = new Uint8Array(3073);
record[0] = 6;
writeFileSync(join(cifar, "data_batch_1.bin"), record);
writeFileSync(join(cifar, "test_batch.bin"), record);

describe("loadDataset", () => {
  it("auto: an IDX directory gives train (gzipped) and test (t10k, plain) splits", async () => {
    expect((await loadDataset(idx)).labels).toEqual(Int32Array.from([1, 2]));
    expect((await loadDataset(idx, { split: "test" })).labels).toEqual(Int32Array.from([3]));
  });

  it("auto: an idx3 image file finds its labels file by name", async () => {
    const ds = await loadDataset(join(idx, "train-images-idx3-ubyte.gz"));
    expect(ds.shape).toEqual([2, 1, 2, 2]);
  });

  it("auto: a directory with images.npy + labels.npy, or <split>/images.npy", async () => {
    expect((await loadDataset(npy, { classes: 2 })).shape).toEqual([3, 1, 2, 2]);
    expect((await loadDataset(join(root, "split"), { split: "test" })).shape).toEqual([3, 1, 2, 2]);
  });

  it("auto: an images NPY file finds its labels file (images → labels)", async () => {
    expect((await loadDataset(join(npy, "x_images.npy"))).labels).toEqual(Int32Array.from([4]));
  });

  it("auto: a CIFAR-10 directory and a single batch file", async () => {
    expect((await loadDataset(cifar)).shape).toEqual([1, 3, 32, 32]);
    expect((await loadDataset(join(cifar, "test_batch.bin"))).labels).toEqual(Int32Array.from([6]));
  });

  it("a format hint restricts the directory search", async () => {
    await expect(loadDataset(npy, { format: "cifar10" })).rejects.toThrow(
      /no train dataset found; expected data_batch_N.bin \/ test_batch.bin/,
    );
  });

  it("throws when the path does not exist", async () => {
    await expect(loadDataset(join(root, "nope"))).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: expect.stringMatching(/nope: dataset path does not exist/),
    });
  });

  it("throws when a file's format is unknown", async () => {
    const f = join(root, "junk.txt");
    writeFileSync(f, "hello");
    await expect(loadDataset(f)).rejects.toThrow(/junk.txt: unknown dataset format/);
  });

  it("throws when an images file has no labels file next to it", async () => {
    const d = sub("lonely");
    writeFileSync(join(d, "train-images-idx3-ubyte"), encodeIdx([1, 1, 1], new Uint8Array(1)));
    await expect(loadDataset(join(d, "train-images-idx3-ubyte"))).rejects.toThrow(
      /cannot find the labels file/,
    );
  });
});
