import type { BackendInfo } from "../engine/backend/backend-info.js";

/** Hands out the engine's backend info; selection happens at most once. */
export type EngineInfoProvider = () => Promise<BackendInfo>;

/**
 * A provider for `createNormServer`: a fixed info object (picked at start-up by `normserve`) or,
 * when none is given, a lazy `selectBackend()` that runs on first use. Lazy so that servers that
 * never touch the engine (most tests) never pay for loading tfjs or libtensorflow.
 */
export function engineInfoProvider(info?: BackendInfo | EngineInfoProvider): EngineInfoProvider {
  if (typeof info === "function") return info;
  if (info !== undefined) return () => Promise.resolve(info);
  let pending: Promise<BackendInfo> | undefined;
  return () => {
    // Imported on demand too: tfjs-core alone adds ~0.2 s to every server's start-up.
    pending ??= import("../engine/backend/select-backend.js").then((m) => m.selectBackend());
    return pending;
  };
}
