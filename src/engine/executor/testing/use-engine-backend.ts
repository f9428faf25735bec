import type { BackendName } from "../../backend/backend-info.js";
import { selectBackend } from "../../backend/select-backend.js";
import { createKernels } from "../../create-kernels.js";
import type { Kernels } from "../../kernels/kernels.js";

/** The outcome of {@link useEngineBackend}: kernels, or why the backend is not there. */
export type EngineBackend = { readonly kernels: Kernels } | { readonly missing: string };

/**
 * Activates `name` through the backend ladder and returns its kernels. When the ladder falls
 * through to another rung, returns why; with NORMSERVE_REQUIRE_NATIVE_TF=1 a missing
 * tensorflow backend throws instead (CI must not skip it).
 * @internal
 */
export async function useEngineBackend(name: BackendName): Promise<EngineBackend> {
  const info = await selectBackend({ backend: name });
  if (info.name === name) return { kernels: createKernels() };
  const why = `backend ${name} unavailable (${info.fallbackReason ?? `got ${info.name}`})`;
  if (name === "tensorflow" && process.env.NORMSERVE_REQUIRE_NATIVE_TF === "1") throw new Error(why);
  return { missing: why };
}
