import { invalidArgument } from "../errors/normserve-error.js";
import { hex } from "./idx-file.js";

/** The parsed preamble of an NPY file. */
export interface NpyHeader {
  /** numpy dtype string as written, e.g. `<f4`, `|u1`. */
  readonly descr: string;
  readonly shape: readonly number[];
  /** Offset of the first data byte in the file. */
  readonly dataOffset: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Whether `bytes` begin with the NPY magic string. @internal */
export function isNpy(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * Parses an NPY header (format versions 1, 2 and 3). Fortran order is rejected: every reader here
 * assumes C order, and silently transposing would scramble images.
 */
export function parseNpyHeader(bytes: Uint8Array, source: string): NpyHeader {
  if (!isNpy(bytes)) {
    throw invalidArgument(
      `${source}: not an NPY file: expected magic bytes 93 4e 55 4d 50 59 ("\\x93NUMPY"), found ${hex(bytes.subarray(0, 6))}`,
    );
  }
  const major = bytes[6];
  if (major !== 1 && major !== 2 && major !== 3) {
    throw invalidArgument(
      `${source}: NPY format version ${major}.${bytes[7]} is not supported; expected 1.x, 2.x or 3.x`,
    );
  }
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) throw invalidArgument(`${source}: truncated NPY header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lengthBytes;
  const dataOffset = start + headerLength;
  if (bytes.length < dataOffset) {
    throw invalidArgument(
      `${source}: truncated NPY header: it declares ${headerLength} bytes, only ${bytes.length - start} present`,
    );
  }
  const text = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(start, dataOffset));
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw invalidArgument(
      `${source}: malformed NPY header: expected a dict with 'descr', 'fortran_order' and 'shape', found ${JSON.stringify(text.trim())}`,
    );
  }
  if (fortran === "True") {
    throw invalidArgument(
      `${source}: fortran_order arrays are not supported; expected C order (save with np.ascontiguousarray)`,
    );
  }
  const shape = shapeText
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      const d = Number(s.replace(/L$/, ""));
      if (!Number.isSafeInteger(d) || d < 0) {
        throw invalidArgument(
          `${source}: NPY shape entry ${JSON.stringify(s)} is not a non-negative integer`,
        );
      }
      return d;
    });
  return { descr, shape, dataOffset };
}

/**
 * Formats a version-1.0 NPY preamble (magic, version, length, dict, padding) whose total length
 * is a multiple of 64, as numpy writes it so readers can map the data aligned; version 2.0 when the
 * dict would overflow a 16-bit length. @internal
 */
export function formatNpyHeader(descr: string, shape: readonly number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const v1 = dict.length + 11 < 65536;
  const prefix = v1 ? 10 : 12;
  const total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  const header = `${dict.padEnd(total - prefix - 1, " ")}\n`;
  const out = new Uint8Array(total);
  out.set(MAGIC);
  out[6] = v1 ? 1 : 2;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (v1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  return out;
}
