import { describe, expect, it } from "vitest";
import { sixteenBitFloatsToFloat32 } from "./half-float.js";

/** Reference binary16 decoding straight from the IEEE-754 definition. */
function halfReference(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

describe("sixteenBitFloatsToFloat32", () => {
  it("FLOAT16: all 65 536 bit patterns match the IEEE definition", () => {
    const bits = Array.from({ length: 65536 }, (_, i) => i);
    const out = sixteenBitFloatsToFloat32(bits, false);
    for (const b of bits)
      expect(
        Object.is(out[b], halfReference(b)) || (Number.isNaN(out[b]) && Number.isNaN(halfReference(b))),
      ).toBe(true);
  });

  it("BFLOAT16: the top half of a float32", () => {
    expect(Array.from(sixteenBitFloatsToFloat32([0x3f80, 0x4049, 0xff80], true))).toEqual([
      1,
      3.140625,
      Number.NEGATIVE_INFINITY,
    ]);
  });
});
