import { describe, expect, it } from "vitest";
import { formatEngineVersion } from "./normserve-version.js";

describe("formatEngineVersion", () => {
  it("backend=tensorflow: TF version and device", () => {
    const text = formatEngineVersion({
      name: "tensorflow",
      tfVersion: "2.21.0",
      tfjsVersion: "4.22.0",
      device: "gpu:NVIDIA H100",
      available: ["tensorflow", "wasm", "cpu"],
    });
    expect(text).toBe("engine: tensorflow (TensorFlow 2.21.0, tfjs 4.22.0) on gpu:NVIDIA H100\n");
  });

  it("backend=wasm after a fallback: the reason on its own line", () => {
    const text = formatEngineVersion({
      name: "wasm",
      tfjsVersion: "4.22.0",
      device: "cpu",
      fallbackReason: "tensorflow: disabled by NORMSERVE_NATIVE_TF=0",
      available: ["wasm", "cpu"],
    });
    expect(text).toBe(
      "engine: wasm (tfjs 4.22.0) on cpu\nfallback: tensorflow: disabled by NORMSERVE_NATIVE_TF=0\n",
    );
  });
});
