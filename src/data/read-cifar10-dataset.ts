import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { invalidArgument } from "../errors/normserve-error.js";
import type { DatasetSplit } from "./dataset-split.js";
import { createImageDataset, type ImageDataset } from "./image-dataset.js";
import { readFileBytes } from "./read-file-bytes.js";

const PIXELS = 3 * 32 * 32;
const RECORD = 1 + PIXELS;

/**
 * Reads CIFAR-10 binary batches: records of one label byte then 3072 bytes of CHW pixels. `path`
 * is one batch file, or a directory whose `data_batch_N.bin` (train, in N order) or
 * `test_batch.bin` (test) files are concatenated. Labels must lie in [0, 10).
 */
export async function readCifar10Dataset(path: string, split: DatasetSplit = "train"): Promise<ImageDataset> {
  const isDir = await stat(path).then(
    (s) => s.isDirectory(),
    (err: unknown) => {
      throw invalidArgument(`${path}: dataset path does not exist`, err);
    },
  );
  const files = isDir ? await cifarBatchFiles(path, split) : [path];
  const parts = await Promise.all(files.map((f) => readFileBytes(f)));
  let records = 0;
  parts.forEach((bytes, i) => {
    if (bytes.length === 0 || bytes.length % RECORD !== 0) {
      throw invalidArgument(
        `${files[i]}: CIFAR-10 batch size ${bytes.length} bytes is not a positive multiple of ${RECORD} (1 label byte + 3072 pixel bytes); the file is truncated or not a CIFAR-10 batch`,
      );
    }
    records += bytes.length / RECORD;
  });
  const images = new Float32Array(records * PIXELS);
  const labels = new Int32Array(records);
  const scale = 1 / 255;
  let r = 0;
  for (const bytes of parts) {
    for (let off = 0; off < bytes.length; off += RECORD, r++) {
      labels[r] = bytes[off];
      const base = r * PIXELS;
      for (let p = 0; p < PIXELS; p++) images[base + p] = bytes[off + 1 + p] * scale;
    }
  }
  return createImageDataset(files.join(" + "), images, labels, [records, 3, 32, 32], 10);
}

async function cifarBatchFiles(dir: string, split: DatasetSplit): Promise<string[]> {
  const names = await readdir(dir);
  const picked =
    split === "test"
      ? names.filter((n) => n === "test_batch.bin")
      : names.filter((n) => /^data_batch_\d+\.bin$/.test(n)).sort((a, b) => batchNumber(a) - batchNumber(b));
  if (picked.length === 0) {
    const wanted = split === "test" ? "test_batch.bin" : "data_batch_N.bin";
    throw invalidArgument(`${dir}: no CIFAR-10 ${split} batch found; expected ${wanted}`);
  }
  return picked.map((n) => join(dir, n));
}

function batchNumber(name: string): number {
  return Number(/\d+/.exec(name)?.[0]);
}
