import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { readNativeTfStatus } from "../backend/native-tf-status.js";
import { describeWithBackends, testBackends } from "./describe-with-backends.js";

describe("testBackends", () => {
  const missing = { ok: false, reason: "no g++ to build the tfjs-node addon" };

  it("lists tensorflow, wasm and cpu when the native install succeeded", () => {
    expect(testBackends({}, { ok: true, reason: "" })).toEqual([
      { name: "tensorflow" },
      { name: "wasm" },
      { name: "cpu" },
    ]);
  });

  it("skips tensorflow with the install's reason when it is missing", () => {
    expect(testBackends({}, missing)[0]).toEqual({ name: "tensorflow", skip: missing.reason });
  });

  it("NORMSERVE_REQUIRE_NATIVE_TF=1 keeps a missing tensorflow, so its suite fails instead of skipping", () => {
    expect(testBackends({ NORMSERVE_REQUIRE_NATIVE_TF: "1" }, missing)[0]).toEqual({ name: "tensorflow" });
  });
});

const seen: string[] = [];
describeWithBackends("describeWithBackends", (env) => {
  it("runs the body with the named backend active and its kernels", () => {
    expect(tf.getBackend()).toBe(env.name);
    expect(env.kernels.backend).toBe(env.name);
    seen.push(env.name);
  });
});

describe("describeWithBackends coverage", () => {
  it("ran every installed backend", () => {
    expect(seen).toEqual(readNativeTfStatus().ok ? ["tensorflow", "wasm", "cpu"] : ["wasm", "cpu"]);
  });
});
