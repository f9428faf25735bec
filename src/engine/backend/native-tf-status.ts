import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** What `scripts/install-native-tf.sh` recorded in `node_modules/.normserve-native-tf.json`. */
export interface NativeTfStatus {
  /** True when the addon was built (or taken from the cache) and loaded once. */
  readonly ok: boolean;
  /** Why it was not installed; empty when `ok`. */
  readonly reason: string;
  readonly tfVersion?: string;
  readonly wheel?: string;
  readonly gpu?: boolean;
}

/**
 * Path of the status file: next to the `@tensorflow` folder that Node resolves tfjs-node from,
 * where the install script writes it. Undefined when tfjs-node is not installed at all.
 */
export function nativeTfStatusPath(): string | undefined {
  try {
    const pkgJson = createRequire(import.meta.url).resolve("@tensorflow/tfjs-node/package.json");
    return join(dirname(pkgJson), "..", "..", ".normserve-native-tf.json");
  } catch {
    return undefined;
  }
}

/**
 * Reads the install script's status. A missing or unreadable file means the install step did
 * not run (`npm ci --ignore-scripts`, for one), which is reported as not ok with that reason.
 */
export function readNativeTfStatus(path: string | undefined = nativeTfStatusPath()): NativeTfStatus {
  if (path === undefined) return { ok: false, reason: "@tensorflow/tfjs-node is not installed" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return {
      ok: false,
      reason: `the native TensorFlow install step did not run (no ${path}; run \`npm run native-tf\`)`,
    };
  }
  if (typeof parsed !== "object" || parsed === null)
    return { ok: false, reason: `${path} is not a JSON object` };
  const record = parsed as Record<string, unknown>;
  return {
    ok: record.ok === true,
    reason: typeof record.reason === "string" ? record.reason : "",
    tfVersion: typeof record.tfVersion === "string" ? record.tfVersion : undefined,
    wheel: typeof record.wheel === "string" ? record.wheel : undefined,
    gpu: typeof record.gpu === "boolean" ? record.gpu : undefined,
  };
}
