import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { invalidArgument } from "../errors/normserve-error.js";

const gunzipAsync = promisify(gunzip);

/**
 * Reads a whole file, inflating it when it starts with the gzip magic bytes (1f 8b) whatever its
 * name; inflation runs on the libuv pool so a 26 MB MNIST file does not stall the server.
 * @internal
 */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  let raw: Uint8Array;
  try {
    raw = await readFile(path);
  } catch (err) {
    throw invalidArgument(`${path}: cannot read dataset file (${errorCode(err)})`, err);
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return await gunzipAsync(raw);
    } catch (err) {
      throw invalidArgument(`${path}: corrupt or truncated gzip data (${errorCode(err)})`, err);
    }
  }
  return raw;
}

function errorCode(err: unknown): string {
  if (err instanceof Error) return (err as NodeJS.ErrnoException).code ?? err.message;
  return String(err);
}
