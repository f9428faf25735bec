import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { BACKEND_LADDER } from "./backend-info.js";
import { readNativeTfStatus } from "./native-tf-status.js";
import { selectBackend } from "./select-backend.js";

const status = readNativeTfStatus();

/** [1, 2] + [3, 4] on the active backend. */
function tinyOp(): number[] {
  return tf.tidy(() => Array.from(tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync()));
}

describe("selectBackend", () => {
  it("picks the top rung this install supports and says why when it is not tensorflow", async () => {
    const info = await selectBackend({ env: {} });
    expect(info.name).toBe(status.ok ? "tensorflow" : "wasm");
    expect(tf.getBackend()).toBe(info.name);
    if (!status.ok) expect(info.fallbackReason).toContain(status.reason);
    expect(tinyOp()).toEqual([4, 6]);
  });

  for (const name of BACKEND_LADDER) {
    it.skipIf(name === "tensorflow" && !status.ok)(`backend=${name} selects and runs an op`, async () => {
      const info = await selectBackend({ backend: name, env: {} });
      expect(info).toMatchObject({ name, fallbackReason: undefined, tfjsVersion: tf.version_core });
      expect(info.available).toContain(name);
      expect(tf.getBackend()).toBe(name);
      expect(tinyOp()).toEqual([4, 6]);
      if (name === "tensorflow") expect(info.tfVersion).toMatch(/^2\.\d+/);
      else expect(info.device).toBe("cpu");
    });
  }

  it("backend=tensorflow without a native install falls back to wasm with the install's reason", async () => {
    const info = await selectBackend({
      backend: "tensorflow",
      env: {},
      nativeStatus: { ok: false, reason: "no g++ to build the tfjs-node addon" },
    });
    expect(info.name).toBe("wasm");
    expect(info.fallbackReason).toBe("tensorflow: no g++ to build the tfjs-node addon");
    expect(info.available).toEqual(["wasm", "cpu"]);
    expect(tinyOp()).toEqual([4, 6]);
  });

  it("a wasm backend that fails to load falls back to cpu with the load error", async () => {
    const info = await selectBackend({
      backend: "wasm",
      env: {},
      loaders: {
        wasm: () => Promise.reject(new Error("wasm binary missing")),
      },
    });
    expect(info).toMatchObject({ name: "cpu", fallbackReason: "wasm: wasm binary missing", threads: 1 });
    expect(tinyOp()).toEqual([4, 6]);
  });

  it("NORMSERVE_BACKEND=cpu forces the cpu rung; --backend wins over it", async () => {
    expect((await selectBackend({ env: { NORMSERVE_BACKEND: "cpu" } })).name).toBe("cpu");
    expect((await selectBackend({ backend: "wasm", env: { NORMSERVE_BACKEND: "cpu" } })).name).toBe("wasm");
  });

  it("throws when NORMSERVE_BACKEND names no backend", async () => {
    await expect(selectBackend({ env: { NORMSERVE_BACKEND: "webgl" } })).rejects.toThrow(
      "NORMSERVE_BACKEND must be one of tensorflow|wasm|cpu, got webgl",
    );
  });

  // CI sets NORMSERVE_REQUIRE_NATIVE_TF=1: there `npm ci` must have left a working native backend.
  it.skipIf(process.env.NORMSERVE_REQUIRE_NATIVE_TF !== "1")(
    "NORMSERVE_REQUIRE_NATIVE_TF=1: the default selection is tensorflow",
    async () => {
      const info = await selectBackend({ env: {} });
      expect(info.fallbackReason).toBeUndefined();
      expect(info.name).toBe("tensorflow");
    },
  );
});
