import { describe, expect, it } from "vitest";
import { checkTensor } from "./checked-tensor.js";
import { decodeFloatTensor, decodeIntegerTensor, decodeNumericTensor } from "./initializer-data.js";
import { OnnxDataType } from "./onnx-data-type.js";
import type { onnx } from "./onnx-proto.js";
import { int64Tensor, sixteenBitTensor } from "./testing/tensors.js";

const check = (proto: onnx.ITensorProto) => checkTensor(proto, `initializer '${proto.name}'`);

/** Four float32 values placed at byte `offset` of a larger buffer. */
function rawAt(offset: number, values: number[]): Uint8Array {
  const bytes = new Uint8Array(new Float32Array(values).buffer);
  const host = new Uint8Array(offset + bytes.length + 8);
  host.set(bytes, offset);
  return host.subarray(offset, offset + bytes.length);
}

describe("decodeFloatTensor", () => {
  it("FLOAT raw_data at a 4-aligned offset is a zero-copy view", () => {
    const raw = rawAt(8, [1, 2, 3, 4]);
    const out = decodeFloatTensor(
      check({ name: "w", dims: [4], dataType: OnnxDataType.FLOAT, rawData: raw }),
    );
    expect(out).toBeInstanceOf(Float32Array);
    expect(out.buffer).toBe(raw.buffer);
    expect(Array.from(out)).toEqual([1, 2, 3, 4]);
  });

  it("FLOAT raw_data at an odd offset is copied", () => {
    const raw = rawAt(3, [1.5, -2, 3, 4]);
    const out = decodeFloatTensor(
      check({ name: "w", dims: [2, 2], dataType: OnnxDataType.FLOAT, rawData: raw }),
    );
    expect(out.buffer).not.toBe(raw.buffer);
    expect(Array.from(out)).toEqual([1.5, -2, 3, 4]);
  });

  it("FLOAT float_data", () => {
    const out = decodeFloatTensor(
      check({ name: "w", dims: [3], dataType: OnnxDataType.FLOAT, floatData: [1, 2, 3] }),
    );
    expect(Array.from(out)).toEqual([1, 2, 3]);
  });

  it("DOUBLE raw_data and double_data give Float64Array", () => {
    const raw = new Uint8Array(new Float64Array([0.1, 0.2]).buffer);
    const a = decodeFloatTensor(check({ name: "d", dims: [2], dataType: OnnxDataType.DOUBLE, rawData: raw }));
    const b = decodeFloatTensor(
      check({ name: "d", dims: [2], dataType: OnnxDataType.DOUBLE, doubleData: [0.1, 0.2] }),
    );
    expect(a).toBeInstanceOf(Float64Array);
    expect(Array.from(a)).toEqual([0.1, 0.2]);
    expect(Array.from(b)).toEqual([0.1, 0.2]);
  });

  it("FLOAT16 raw_data and int32_data (normal, subnormal, negative zero, infinity)", () => {
    const bits = [0x3c00, 0xc000, 0x3555, 0x0001, 0x8000, 0x7c00];
    const expected = [1, -2, 0.333251953125, 2 ** -24, -0, Number.POSITIVE_INFINITY];
    const raw = decodeFloatTensor(check(sixteenBitTensor("h", [6], OnnxDataType.FLOAT16, bits)));
    const int32 = decodeFloatTensor(
      check({ name: "h", dims: [6], dataType: OnnxDataType.FLOAT16, int32Data: bits }),
    );
    expect(Array.from(raw)).toEqual(expected);
    expect(Array.from(int32)).toEqual(expected);
  });

  it("BFLOAT16 raw_data", () => {
    const out = decodeFloatTensor(
      check(sixteenBitTensor("b", [3], OnnxDataType.BFLOAT16, [0x3f80, 0xc040, 0x3e00])),
    );
    expect(Array.from(out)).toEqual([1, -3, 0.125]);
  });

  it("throws FAILED_PRECONDITION for an INT8 weight, naming the initializer", () => {
    const t = check({ name: "q", dims: [2], dataType: OnnxDataType.INT8, rawData: new Uint8Array([1, 2]) });
    expect(() => decodeFloatTensor(t)).toThrow(
      expect.objectContaining({
        code: "FAILED_PRECONDITION",
        message: expect.stringMatching(/initializer 'q'.*INT8/),
      }),
    );
  });
});

describe("decodeIntegerTensor", () => {
  it("INT64 raw_data, with INT64_MAX clamped", () => {
    expect(decodeIntegerTensor(check(int64Tensor("s", [0, -1, 7, 9223372036854775807n])))).toEqual([
      0,
      -1,
      7,
      Number.MAX_SAFE_INTEGER,
    ]);
  });

  it("INT64 int64_data and INT32 int32_data", () => {
    expect(
      decodeIntegerTensor(check({ name: "s", dims: [2], dataType: OnnxDataType.INT64, int64Data: [3, -4] })),
    ).toEqual([3, -4]);
    expect(
      decodeIntegerTensor(check({ name: "s", dims: [2], dataType: OnnxDataType.INT32, int32Data: [5, 6] })),
    ).toEqual([5, 6]);
  });

  it("decodeNumericTensor reads floats and integers alike", () => {
    expect(
      decodeNumericTensor(check({ name: "f", dims: [1], dataType: OnnxDataType.FLOAT, floatData: [2.5] })),
    ).toEqual([2.5]);
    expect(decodeNumericTensor(check(int64Tensor("i", [4])))).toEqual([4]);
  });
});

describe("checkTensor", () => {
  const raw8 = new Uint8Array(8);
  it.each([
    [
      "raw_data length does not match dims × dtype",
      { dims: [3], dataType: OnnxDataType.FLOAT, rawData: raw8 },
      /raw_data has 8 bytes, expected 12/,
    ],
    [
      "float_data length does not match dims",
      { dims: [3], dataType: OnnxDataType.FLOAT, floatData: [1] },
      /float_data has 1 values, expected 3/,
    ],
    ["a dim is negative", { dims: [2, -3], dataType: OnnxDataType.FLOAT }, /dims\[1\] = -3 is negative/],
    [
      "dims exceed 2^31 − 1 elements",
      { dims: [65536, 65536], dataType: OnnxDataType.FLOAT },
      /exceed 2147483647 elements/,
    ],
    ["a dim alone is absurd", { dims: [0, 2 ** 40], dataType: OnnxDataType.FLOAT }, /absurdly large/],
    [
      "data_location is EXTERNAL",
      { dims: [2], dataType: OnnxDataType.FLOAT, dataLocation: 1 },
      /external data/,
    ],
  ])("throws INVALID_ARGUMENT when %s", (_, fields, message) => {
    expect(() => check({ name: "w", ...fields })).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT", message: expect.stringMatching(message) }),
    );
  });
});
