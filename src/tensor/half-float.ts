/**
 * Bits of the float32 equal to an IEEE-754 binary16 value (exact: every half is a float).
 * @internal
 */
export function halfToFloat32Bits(half: number): number {
  const sign = (half & 0x8000) << 16;
  let exponent = (half >> 10) & 0x1f;
  let mantissa = half & 0x3ff;
  if (exponent === 0x1f) return sign | 0x7f800000 | (mantissa << 13);
  if (exponent !== 0) return sign | ((exponent + 112) << 23) | (mantissa << 13);
  if (mantissa === 0) return sign;
  // Subnormal half: normalise, it is a normal float32.
  exponent = 113;
  while ((mantissa & 0x400) === 0) {
    mantissa <<= 1;
    exponent--;
  }
  return sign | (exponent << 23) | ((mantissa & 0x3ff) << 13);
}

/**
 * Converts 16-bit float bit patterns (`bfloat16`: the top half of a float32; otherwise binary16)
 * to a new Float32Array.
 * @internal
 */
export function sixteenBitFloatsToFloat32(bits: ArrayLike<number>, bfloat16: boolean): Float32Array {
  const out = new Float32Array(bits.length);
  const words = new Uint32Array(out.buffer);
  if (bfloat16) {
    for (let i = 0; i < bits.length; i++) words[i] = (bits[i] & 0xffff) << 16;
  } else {
    for (let i = 0; i < bits.length; i++) words[i] = halfToFloat32Bits(bits[i] & 0xffff);
  }
  return out;
}
