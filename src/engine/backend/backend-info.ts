/** The rungs of the engine's backend ladder, fastest first. */
export const BACKEND_LADDER = ["tensorflow", "wasm", "cpu"] as const;

/** A tfjs backend the engine can run on. */
export type BackendName = (typeof BACKEND_LADDER)[number];

/**
 * The backend the engine runs on, as picked once at start-up. Passed to whoever reports or
 * needs it (GetInfo, `--version`, logs); there is no global copy besides tfjs's own engine.
 */
export interface BackendInfo {
  /** The active tfjs backend. */
  readonly name: BackendName;
  /** libtensorflow's version, only on the `tensorflow` backend. */
  readonly tfVersion?: string;
  /** Version of `@tensorflow/tfjs-core`. */
  readonly tfjsVersion: string;
  /** `"cpu"` or `"gpu:<name>"`. */
  readonly device: string;
  /** Why faster rungs were skipped (one `name: why` per rung, `; `-joined); absent when none were. */
  readonly fallbackReason?: string;
  /** Threads the backend computes with, where it says. */
  readonly threads?: number;
  /** Backends this installation can run (the chosen one included). */
  readonly available: readonly BackendName[];
}

/** True when `value` names a rung of {@link BACKEND_LADDER}. */
export function isBackendName(value: string): value is BackendName {
  return (BACKEND_LADDER as readonly string[]).includes(value);
}

/**
 * Parses a backend name from a flag or env var; `undefined` and `""` mean "not forced". Throws a
 * message naming `source` and the accepted names on anything else.
 */
export function parseBackendName(value: string | undefined, source: string): BackendName | undefined {
  if (value === undefined || value === "") return undefined;
  if (isBackendName(value)) return value;
  throw new Error(`${source} must be one of ${BACKEND_LADDER.join("|")}, got ${value}`);
}
