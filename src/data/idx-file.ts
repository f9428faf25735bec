import { invalidArgument } from "../errors/normserve-error.js";

/** An IDX array of unsigned bytes: its dimensions and its data, a view into the file bytes. */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

const UBYTE = 0x08;
const TYPE_NAMES: Record<number, string> = {
  8: "ubyte",
  9: "byte",
  11: "int16",
  12: "int32",
  13: "float32",
  14: "float64",
};

/**
 * Parses an (already inflated) IDX file of unsigned bytes, the MNIST/Fashion-MNIST format: two
 * zero bytes, a type code, the rank, big-endian uint32 dimensions, then the data. `expectedRank`
 * is 3 for `idx3` images and 1 for `idx1` labels.
 */
export function parseIdx(bytes: Uint8Array, source: string, expectedRank: number): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw invalidArgument(
      `${source}: not an IDX file: expected magic bytes 00 00 <type> <rank>, found ${hex(bytes.subarray(0, 4))}`,
    );
  }
  const type = bytes[2];
  const rank = bytes[3];
  if (type !== UBYTE) {
    throw invalidArgument(
      `${source}: IDX element type 0x${type.toString(16).padStart(2, "0")} (${TYPE_NAMES[type] ?? "unknown"}) is not supported; expected 0x08 (ubyte)`,
    );
  }
  if (rank !== expectedRank) {
    throw invalidArgument(`${source}: IDX rank is ${rank}; expected ${expectedRank} (idx${expectedRank})`);
  }
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw invalidArgument(
      `${source}: truncated IDX header: ${bytes.length} bytes, expected at least ${headerBytes}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < rank; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    count *= d;
  }
  const available = bytes.length - headerBytes;
  if (available < count) {
    throw invalidArgument(
      `${source}: truncated IDX data: dimensions [${dims.join(", ")}] need ${count} bytes, found ${available}`,
    );
  }
  if (available > count) {
    throw invalidArgument(
      `${source}: IDX header/size mismatch: dimensions [${dims.join(", ")}] need ${count} bytes, found ${available} (trailing data)`,
    );
  }
  return { dims, data: bytes.subarray(headerBytes, headerBytes + count) };
}

/** Writes an IDX ubyte file's bytes (used by tests and fixtures). @internal */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out[2] = UBYTE;
  out[3] = dims.length;
  const view = new DataView(out.buffer);
  for (let i = 0; i < dims.length; i++) view.setUint32(4 + 4 * i, dims[i], false);
  out.set(data, 4 + 4 * dims.length);
  return out;
}

/** Hex dump of a few bytes for error messages. @internal */
export function hex(bytes: Uint8Array): string {
  return bytes.length === 0
    ? "(empty file)"
    : Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
}
