import { BinaryWriter, type WireType } from "@bufbuild/protobuf/wire";

/** Byte arrays at least this long are referenced, not copied, until {@link ChunkedBinaryWriter.finish}. */
const REFERENCE_BYTES = 1024;

/**
 * A protobuf writer for messages that carry large tensors, usable wherever ts-proto's generated
 * `encode(message, writer)` takes a `BinaryWriter`. The stock writer grows one buffer by doubling
 * and shifts every nested message's payload when it writes the length prefix, so a tensor nested
 * three messages deep is copied five or more times. This one keeps large `bytes` as references in
 * a list of chunks per open message (`fork`), so `join` only adds up lengths, and `finish` copies
 * each byte exactly once into a Buffer that grpc-js can send as it is.
 *
 * Every scalar is encoded by a real `BinaryWriter` (the scratch writer), so the output is
 * byte-identical to the stock writer's; every public method of `BinaryWriter` is overridden
 * (a test checks this), so the base class's own buffer is never used.
 */
export class ChunkedBinaryWriter extends BinaryWriter {
  private readonly scratch = new BinaryWriter();
  private scratchUsed = false;
  private frames: { chunks: Uint8Array[]; length: number }[] = [{ chunks: [], length: 0 }];

  private get frame(): { chunks: Uint8Array[]; length: number } {
    return this.frames[this.frames.length - 1];
  }

  private push(chunk: Uint8Array): void {
    this.frame.chunks.push(chunk);
    this.frame.length += chunk.byteLength;
  }

  private flush(): void {
    if (!this.scratchUsed) return;
    this.push(this.scratch.finish());
    this.scratchUsed = false;
  }

  private small(write: (w: BinaryWriter) => void): this {
    write(this.scratch);
    this.scratchUsed = true;
    return this;
  }

  /** All bytes written, in one Buffer (each byte copied once); the writer is reset. */
  override finish(): Buffer<ArrayBuffer> {
    this.flush();
    if (this.frames.length !== 1) throw new Error("ChunkedBinaryWriter.finish: a fork was not joined");
    const { chunks, length } = this.frames[0];
    const out = Buffer.allocUnsafe(length);
    let at = 0;
    for (const chunk of chunks) {
      out.set(chunk, at);
      at += chunk.byteLength;
    }
    this.frames = [{ chunks: [], length: 0 }];
    return out;
  }

  override fork(): this {
    this.flush();
    this.frames.push({ chunks: [], length: 0 });
    return this;
  }

  override join(): this {
    this.flush();
    const child = this.frames.pop();
    if (child === undefined || this.frames.length === 0)
      throw new Error("ChunkedBinaryWriter.join: no open fork");
    this.small((w) => w.uint32(child.length));
    this.flush();
    for (const chunk of child.chunks) this.push(chunk);
    return this;
  }

  override bytes(value: Uint8Array): this {
    if (value.byteLength < REFERENCE_BYTES) return this.small((w) => w.bytes(value));
    this.small((w) => w.uint32(value.byteLength));
    return this.raw(value);
  }

  override raw(chunk: Uint8Array): this {
    if (chunk.byteLength < REFERENCE_BYTES) return this.small((w) => w.raw(chunk));
    this.flush();
    this.push(chunk);
    return this;
  }

  override tag(fieldNo: number, type: WireType): this {
    return this.small((w) => w.tag(fieldNo, type));
  }
  override uint32(value: number): this {
    return this.small((w) => w.uint32(value));
  }
  override int32(value: number): this {
    return this.small((w) => w.int32(value));
  }
  override bool(value: boolean): this {
    return this.small((w) => w.bool(value));
  }
  override string(value: string): this {
    return this.small((w) => w.string(value));
  }
  override float(value: number): this {
    return this.small((w) => w.float(value));
  }
  override double(value: number): this {
    return this.small((w) => w.double(value));
  }
  override fixed32(value: number): this {
    return this.small((w) => w.fixed32(value));
  }
  override sfixed32(value: number): this {
    return this.small((w) => w.sfixed32(value));
  }
  override sint32(value: number): this {
    return this.small((w) => w.sint32(value));
  }
  override sfixed64(value: string | number | bigint): this {
    return this.small((w) => w.sfixed64(value));
  }
  override fixed64(value: string | number | bigint): this {
    return this.small((w) => w.fixed64(value));
  }
  override int64(value: string | number | bigint): this {
    return this.small((w) => w.int64(value));
  }
  override sint64(value: string | number | bigint): this {
    return this.small((w) => w.sint64(value));
  }
  override uint64(value: string | number | bigint): this {
    return this.small((w) => w.uint64(value));
  }
}
