import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, beforeEach, describe, it } from "vitest";
import { BACKEND_LADDER, type BackendName } from "../backend/backend-info.js";
import { type NativeTfStatus, readNativeTfStatus } from "../backend/native-tf-status.js";
import { selectBackend } from "../backend/select-backend.js";
import { createKernels } from "../create-kernels.js";
import type { Kernels } from "../kernels/kernels.js";
import type { TfNamespace } from "../kernels/tfjs-kernels.js";

/** What a suite run by {@link describeWithBackends} sees; filled in before its first test. @internal */
export interface BackendTestEnv {
  /** The backend this copy of the suite runs on. */
  readonly name: BackendName;
  readonly tf: TfNamespace;
  /** The executor kernels of the backend (createKernels() after selecting it). */
  readonly kernels: Kernels;
}

/** Backends a suite runs on here: tensorflow when its install step succeeded, wasm and cpu always. @internal */
export function testBackends(
  env: NodeJS.ProcessEnv = process.env,
  status: NativeTfStatus = readNativeTfStatus(),
): { name: BackendName; skip?: string }[] {
  return BACKEND_LADDER.map((name) => {
    if (name !== "tensorflow" || status.ok) return { name };
    // CI sets NORMSERVE_REQUIRE_NATIVE_TF=1: a missing native backend must fail there, not skip.
    if (env.NORMSERVE_REQUIRE_NATIVE_TF === "1") return { name };
    return { name, skip: status.reason || "the native TensorFlow install step failed" };
  });
}

/** Activates `name` (loading it the first time); throws when the ladder falls back instead. @internal */
export async function useBackend(name: BackendName): Promise<void> {
  if (tf.getBackend() === name) return;
  if (tf.findBackend(name) !== null && (await tf.setBackend(name))) return;
  const info = await selectBackend({ backend: name, env: {} });
  if (info.name !== name) throw new Error(`backend ${name} is not available: ${info.fallbackReason ?? "?"}`);
}

/**
 * Runs `body` once per backend (tfjs's `describeWithFlags` habit: one suite, every backend):
 * `describe("<title> [backend=<name>]")`, the backend selected before the suite and re-activated
 * before each test (another suite in the file may have switched it). A backend that is not
 * installed is skipped, unless NORMSERVE_REQUIRE_NATIVE_TF=1, where its suite fails.
 * @internal
 */
export function describeWithBackends(title: string, body: (env: BackendTestEnv) => void): void {
  for (const { name, skip } of testBackends()) {
    const env: { name: BackendName; tf: TfNamespace; kernels: Kernels | undefined } = {
      name,
      tf,
      kernels: undefined,
    };
    const view: BackendTestEnv = {
      name,
      tf,
      get kernels(): Kernels {
        if (!env.kernels) throw new Error(`backend ${name}: kernels used before the suite started`);
        return env.kernels;
      },
    };
    describe(`${title} [backend=${name}]`, () => {
      if (skip !== undefined) {
        it.skip(`backend ${name} is not installed: ${skip}`, () => {});
        return;
      }
      beforeAll(async () => {
        await useBackend(name);
        env.kernels = createKernels();
      });
      beforeEach(async () => {
        await useBackend(name);
      });
      body(view);
    });
  }
}
