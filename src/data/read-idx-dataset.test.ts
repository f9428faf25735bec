import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { encodeIdx } from "./idx-file.js";
import { readIdxDataset } from "./read-idx-dataset.js";
import { tempDir } from "./testing/temp-dir.js";

const dir = tempDir();
const pixels = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 37) % 256);
const labelBytes = Uint8Array.from([2, 0, 1]);

function write(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe("readIdxDataset", () => {
  const images = write("img", encodeIdx([3, 2, 4], pixels));
  const labels = write("lab", encodeIdx([3], labelBytes));

  it("reads images N×H×W as N×1×H×W scaled by 1/255, labels exactly", async () => {
    const ds = await readIdxDataset(images, labels, 3);
    expect(ds.shape).toEqual([3, 1, 2, 4]);
    expect(Array.from(ds.labels)).toEqual([2, 0, 1]);
    expect(ds.classes).toBe(3);
    expect(Array.from(ds.images)).toEqual(Array.from(pixels, (p) => Math.fround(p / 255)));
  });

  it("reads gzipped files, detected by magic bytes not names", async () => {
    const gz = write("img-gz", gzipSync(encodeIdx([3, 2, 4], pixels)));
    const ds = await readIdxDataset(gz, labels);
    expect(Array.from(ds.images)).toEqual(Array.from(pixels, (p) => Math.fround(p / 255)));
  });

  it("throws when the magic bytes are wrong", async () => {
    const bad = write("bad-magic", Uint8Array.from([1, 2, 8, 3, 0, 0]));
    await expect(readIdxDataset(bad, labels)).rejects.toThrow(/not an IDX file.*found 01 02 08 03/);
  });

  it("throws when the element type is not ubyte", async () => {
    const f = encodeIdx([3, 2, 4], pixels);
    f[2] = 0x0d;
    await expect(readIdxDataset(write("float", f), labels)).rejects.toThrow(
      /0x0d \(float32\).*expected 0x08/,
    );
  });

  it("throws when an image file has rank 1", async () => {
    await expect(readIdxDataset(labels, labels)).rejects.toThrow(/IDX rank is 1; expected 3/);
  });

  it("throws when the data is truncated", async () => {
    const f = encodeIdx([3, 2, 4], pixels).subarray(0, 20);
    await expect(readIdxDataset(write("trunc", f), labels)).rejects.toThrow(
      /truncated IDX data.*need 24 bytes, found 4/,
    );
  });

  it("throws when the header is truncated", async () => {
    const f = encodeIdx([3, 2, 4], pixels).subarray(0, 9);
    await expect(readIdxDataset(write("trunc-h", f), labels)).rejects.toThrow(/truncated IDX header/);
  });

  it("throws when the header dimensions disagree with the data size (trailing bytes)", async () => {
    const f = encodeIdx([2, 2, 4], pixels);
    await expect(readIdxDataset(write("long", f), labels)).rejects.toThrow(/header\/size mismatch/);
  });

  it("throws when the gzip stream is truncated", async () => {
    const gz = gzipSync(encodeIdx([3, 2, 4], pixels));
    await expect(readIdxDataset(write("gz-trunc", gz.subarray(0, gz.length - 10)), labels)).rejects.toThrow(
      /corrupt or truncated gzip/,
    );
  });

  it("throws when image and label counts differ", async () => {
    const two = write("lab2", encodeIdx([2], labelBytes.subarray(0, 2)));
    await expect(readIdxDataset(images, two)).rejects.toThrow(/has 3 images but .*lab2 has 2 labels/);
  });

  it("throws when a label is out of range for classes", async () => {
    await expect(readIdxDataset(images, labels, 2)).rejects.toThrow(
      /label 0 is 2; expected a class index in \[0, 2\)/,
    );
  });

  it("throws when the dataset is empty", async () => {
    const e1 = write("empty-img", encodeIdx([0, 2, 4], new Uint8Array(0)));
    const e2 = write("empty-lab", encodeIdx([0], new Uint8Array(0)));
    await expect(readIdxDataset(e1, e2)).rejects.toThrow(/dataset is empty/);
  });

  it("throws when the file does not exist", async () => {
    await expect(readIdxDataset(join(dir, "missing"), labels)).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: expect.stringMatching(/missing: cannot read dataset file \(ENOENT\)/),
    });
  });
});
