import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeNpy, writeNpy } from "./encode-npy.js";
import { formatNpyHeader } from "./npy-header.js";
import { parseNpy } from "./parse-npy.js";
import { readNpyDataset } from "./read-npy-dataset.js";
import { tempDir } from "./testing/temp-dir.js";

const dir = tempDir();
const write = (name: string, bytes: Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
/** An NPY file with an arbitrary header dict and data, for corrupt and exotic cases. */
function rawNpy(dict: string, data: Uint8Array, major = 1): Uint8Array {
  const prefix = major === 1 ? 10 : 12;
  const header = `${dict}\n`;
  const out = new Uint8Array(prefix + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(new TextEncoder().encode(header), prefix);
  out.set(data, prefix + header.length);
  return out;
}
const labels = write("labels.npy", encodeNpy(BigInt64Array.from([1n, 0n]), [2]));

describe("encodeNpy / parseNpy", () => {
  it("round-trips float32, float64, int32, int64 and uint8 with their shapes", () => {
    const cases = [
      [Float32Array.from([0.5, -1, 3.25, 7, 8, 9]), [2, 3]],
      [Float64Array.from([0.1, 0.2]), [2]],
      [Int32Array.from([-5, 7, 1 << 30, 0]), [2, 1, 2]],
      [BigInt64Array.from([-1n, 2n ** 40n]), [2]],
      [Uint8Array.from([0, 255, 3]), [3]],
    ] as const;
    for (const [data, shape] of cases) {
      const bytes = encodeNpy(data, shape);
      const header = bytes.length - data.byteLength;
      expect(header % 64).toBe(0);
      const back = parseNpy(bytes, "x.npy");
      expect(back.shape).toEqual(shape);
      expect(back.data).toEqual(data);
    }
  });

  it("writes a scalar-free 1-D shape as (n,)", () => {
    const text = new TextDecoder().decode(formatNpyHeader("<f4", [5]));
    expect(text).toContain("'shape': (5,)");
  });

  it("reads version 2 and 3 headers", () => {
    const data = new Uint8Array(Float32Array.from([1, 2]).buffer);
    for (const major of [2, 3]) {
      const bytes = rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }   ", data, major);
      expect(parseNpy(bytes, "v.npy").data).toEqual(Float32Array.from([1, 2]));
    }
  });

  it("throws when the magic is wrong", () => {
    expect(() => parseNpy(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), "m.npy")).toThrow(/not an NPY file/);
  });

  it("throws when fortran_order is True", () => {
    const bytes = rawNpy("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", new Uint8Array(4));
    expect(() => parseNpy(bytes, "f.npy")).toThrow(
      /f.npy: fortran_order arrays are not supported; expected C order/,
    );
  });

  it("throws when the dtype is big-endian", () => {
    const bytes = rawNpy("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(4));
    expect(() => parseNpy(bytes, "b.npy")).toThrow(
      /big-endian NPY dtype '>f4'.*expected little-endian '<f4'/,
    );
  });

  it("throws when the dtype is unsupported", () => {
    const bytes = rawNpy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8));
    expect(() => parseNpy(bytes, "c.npy")).toThrow(/dtype '<c8' is not supported/);
  });

  it("throws when the data is truncated", () => {
    const bytes = encodeNpy(Float32Array.from([1, 2, 3]), [3]);
    expect(() => parseNpy(bytes.subarray(0, bytes.length - 2), "t.npy")).toThrow(
      /truncated NPY data.*needs 12 bytes, found 10/,
    );
  });

  it("throws when the header is truncated", () => {
    const bytes = encodeNpy(Float32Array.from([1, 2, 3]), [3]);
    expect(() => parseNpy(bytes.subarray(0, 30), "t.npy")).toThrow(/truncated NPY header/);
  });

  it("throws when the shape disagrees with the data size", () => {
    const bytes = rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8));
    expect(() => parseNpy(bytes, "s.npy")).toThrow(/header\/size mismatch.*needs 4 bytes, found 8/);
  });

  it("throws when the header dict is malformed", () => {
    const bytes = rawNpy("{'descr': '<f4'}", new Uint8Array(0));
    expect(() => parseNpy(bytes, "h.npy")).toThrow(/malformed NPY header/);
  });
});

describe("readNpyDataset", () => {
  it("reads NCHW float32 images exactly", async () => {
    const px = Float32Array.from({ length: 2 * 3 * 2 * 2 }, (_, i) => i / 24);
    const images = write("f4.npy", encodeNpy(px, [2, 3, 2, 2]));
    const ds = await readNpyDataset(images, labels, 2);
    expect(ds.shape).toEqual([2, 3, 2, 2]);
    expect(ds.images).toEqual(px);
    expect(Array.from(ds.labels)).toEqual([1, 0]);
  });

  it("adds C=1 to N×H×W and scales uint8 by 1/255", async () => {
    const images = write("u1.npy", encodeNpy(Uint8Array.from([0, 51, 255, 102]), [2, 1, 2]));
    const ds = await readNpyDataset(images, labels);
    expect(ds.shape).toEqual([2, 1, 1, 2]);
    expect(Array.from(ds.images)).toEqual([0, 0.2, 1, 0.4].map(Math.fround));
  });

  it("throws when images have rank 2", async () => {
    const images = write("r2.npy", encodeNpy(Float32Array.from([0, 1]), [2, 1]));
    await expect(readNpyDataset(images, labels)).rejects.toThrow(
      /shape \[2, 1\]; expected rank 4 .* or rank 3/,
    );
  });

  it("throws when labels are float", async () => {
    const images = write("ok.npy", encodeNpy(Float32Array.from([0, 1]), [2, 1, 1]));
    const fl = write("fl.npy", encodeNpy(Float32Array.from([0, 1]), [2]));
    await expect(readNpyDataset(images, fl)).rejects.toThrow(/label dtype 'f4' is not an integer type/);
  });

  it("throws when float images hold NaN", async () => {
    const images = write("nan.npy", encodeNpy(Float32Array.from([0, Number.NaN]), [2, 1, 1]));
    await expect(readNpyDataset(images, labels)).rejects.toThrow(
      /nan.npy.*element 1 is NaN; expected finite values in \[0, 1\]/,
    );
  });

  it("throws when float images lie outside [0, 1]", async () => {
    const images = write("big.npy", encodeNpy(Float64Array.from([0, 255]), [2, 1, 1]));
    await expect(readNpyDataset(images, labels)).rejects.toThrow(
      /element 1 is 255; expected values in \[0, 1\]/,
    );
  });

  it("throws when image and label counts differ", async () => {
    const images = write("three.npy", encodeNpy(Float32Array.from([0, 0, 0]), [3, 1, 1]));
    await expect(readNpyDataset(images, labels)).rejects.toThrow(/3 images but 2 labels/);
  });

  it("throws when a label is negative", async () => {
    const images = write("two.npy", encodeNpy(Float32Array.from([0, 0]), [2, 1, 1]));
    const neg = write("neg.npy", encodeNpy(Int32Array.from([0, -1]), [2]));
    await expect(readNpyDataset(images, neg)).rejects.toThrow(/label 1 is -1/);
  });
});

const hasNumpy = (() => {
  try {
    execFileSync("/usr/bin/python3", ["-c", "import numpy"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasNumpy)("NPY interop with numpy", () => {
  const py = (code: string): string => execFileSync("/usr/bin/python3", ["-c", code], { encoding: "utf8" });

  it("reads numpy-written uint8 NHW images, int64 labels, float64 NCHW and a version-2 file", async () => {
    py(`
import numpy as np
np.save('${dir}/np_img.npy', (np.arange(2*3*4) * 10 % 256).astype(np.uint8).reshape(2, 3, 4))
np.save('${dir}/np_lab.npy', np.array([7, 3], dtype=np.int64))
np.save('${dir}/np_f8.npy', (np.arange(2*2*1*3) / 11.0).reshape(2, 2, 1, 3))
np.lib.format.write_array(open('${dir}/np_v2.npy', 'wb'), np.arange(5, dtype='<i4'), version=(2, 0))
`);
    const ds = await readNpyDataset(join(dir, "np_img.npy"), join(dir, "np_lab.npy"), 10);
    expect(ds.shape).toEqual([2, 1, 3, 4]);
    expect(Array.from(ds.labels)).toEqual([7, 3]);
    expect(Array.from(ds.images)).toEqual(
      Array.from({ length: 24 }, (_, i) => Math.fround(((i * 10) % 256) / 255)),
    );
    const f8 = await readNpyDataset(join(dir, "np_f8.npy"), join(dir, "np_lab.npy"));
    expect(f8.shape).toEqual([2, 2, 1, 3]);
    expect(Array.from(f8.images)).toEqual(Array.from({ length: 12 }, (_, i) => Math.fround(i / 11)));
    const v2 = parseNpy(readFileSync(join(dir, "np_v2.npy")), "np_v2.npy");
    expect(v2.data).toEqual(Int32Array.from([0, 1, 2, 3, 4]));
  });

  it("writes files numpy reads back exactly", async () => {
    await writeNpy(join(dir, "ours_f4.npy"), Float32Array.from([0.5, 1.5, -2, 3]), [2, 2]);
    await writeNpy(join(dir, "ours_i8.npy"), BigInt64Array.from([-3n, 9n]), [2]);
    await writeNpy(join(dir, "ours_i4.npy"), Int32Array.from([4, 5, 6]), [3, 1]);
    const out = py(`
import numpy as np
a = np.load('${dir}/ours_f4.npy'); b = np.load('${dir}/ours_i8.npy'); c = np.load('${dir}/ours_i4.npy')
print(a.dtype, a.shape, a.tolist(), b.dtype, b.tolist(), c.dtype, c.shape, c.ravel().tolist())
`);
    expect(out.trim()).toBe("float32 (2, 2) [[0.5, 1.5], [-2.0, 3.0]] int64 [-3, 9] int32 (3, 1) [4, 5, 6]");
  });
});
