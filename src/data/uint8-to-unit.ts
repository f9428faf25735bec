/** Scales bytes to float32 in [0, 1] (x / 255), the convention every reader shares. @internal */
export function uint8ToUnit(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  const scale = 1 / 255;
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i] * scale;
  return out;
}
