/**
 * float32 values as a new array of little-endian bytes, whatever the host's byte order (ONNX
 * raw_data and wire Tensor data are both little-endian).
 */
export function float32LittleEndianBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return bytes;
}
