import { readdirSync, readFileSync } from "node:fs";

/**
 * The model name of the first NVIDIA GPU as the driver lists it (`/proc/driver/nvidia/gpus/*`),
 * e.g. "NVIDIA H100 80GB HBM3"; "0" when the driver does not say. Read from procfs because the
 * tfjs-node binding only tells whether TF uses a GPU, not which one, and a subprocess would be slower.
 */
export function gpuDeviceName(procDir = "/proc/driver/nvidia/gpus"): string {
  try {
    for (const entry of readdirSync(procDir).sort()) {
      const text = readFileSync(`${procDir}/${entry}/information`, "utf8");
      const model = /^Model:\s*(.+)$/m.exec(text);
      if (model) return model[1].trim();
    }
  } catch {
    // No NVIDIA driver files: fall through to the generic name.
  }
  return "0";
}
