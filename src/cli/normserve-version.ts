import type { BackendInfo } from "../engine/backend/backend-info.js";

/**
 * The engine lines of `normserve --version`: backend, TensorFlow version, device, and why faster
 * backends were skipped, e.g. `engine: tensorflow (TensorFlow 2.21.0, tfjs 4.22.0) on cpu`.
 */
export function formatEngineVersion(info: BackendInfo): string {
  const versions = [info.tfVersion && `TensorFlow ${info.tfVersion}`, `tfjs ${info.tfjsVersion}`].filter(
    Boolean,
  );
  let text = `engine: ${info.name} (${versions.join(", ")}) on ${info.device}\n`;
  if (info.fallbackReason) text += `fallback: ${info.fallbackReason}\n`;
  return text;
}
