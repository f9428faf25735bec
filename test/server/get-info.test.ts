import { describe, expect, it } from "vitest";
import { EngineBackend } from "../../clients/ts/src/index.js";
import type { BackendInfo } from "../../src/engine/backend/backend-info.js";
import { readNativeTfStatus } from "../../src/engine/backend/native-tf-status.js";
import { readPackageVersion } from "../../src/server/package-version.js";
import { startTestServer } from "../support/test-server.js";

describe("GetInfo", () => {
  it("reports the engine info the server was given", async () => {
    const engine: BackendInfo = {
      name: "wasm",
      tfjsVersion: "4.22.0",
      device: "cpu",
      fallbackReason: "tensorflow: no g++ to build the tfjs-node addon",
      threads: 1,
      available: ["wasm", "cpu"],
    };
    const t = await startTestServer({ engine });
    try {
      expect(await t.client.getInfo()).toEqual({
        serverVersion: readPackageVersion(),
        backend: EngineBackend.ENGINE_BACKEND_WASM,
        tfVersion: "",
        device: "cpu",
        fallbackReason: "tensorflow: no g++ to build the tfjs-node addon",
        availableBackends: [EngineBackend.ENGINE_BACKEND_WASM, EngineBackend.ENGINE_BACKEND_CPU],
        tfjsVersion: "4.22.0",
        threads: 1,
      });
    } finally {
      await t.close();
    }
  });

  it("without engine info the server selects the backend on first use", async () => {
    const t = await startTestServer();
    try {
      const info = await t.client.getInfo();
      const native = readNativeTfStatus().ok;
      expect(info.backend).toBe(
        native ? EngineBackend.ENGINE_BACKEND_TENSORFLOW : EngineBackend.ENGINE_BACKEND_WASM,
      );
      expect(info.availableBackends).toContain(info.backend);
      expect(info.tfVersion).toBe(native ? "2.21.0" : "");
      expect(info.device).toMatch(/^(cpu|gpu:.+)$/);
      expect(info.serverVersion).toMatch(/^\d+\.\d+\.\d+/);
    } finally {
      await t.close();
    }
  });
});
