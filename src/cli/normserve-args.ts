import { type BackendName, parseBackendName } from "../engine/backend/backend-info.js";
import {
  DEFAULT_MAX_SESSION_STATE_BYTES,
  DEFAULT_MAX_SESSIONS,
  DEFAULT_SESSION_IDLE_TTL_MS,
} from "../norms/decay-session-store.js";
import { DEFAULT_DATA_DIR, DEFAULT_MAX_MESSAGE_BYTES } from "../server/server-options.js";

/** Command-line configuration of the `normserve` server. */
export interface NormserveArgs {
  readonly listen: string;
  readonly maxMessageBytes: number;
  readonly graceMs: number;
  /** Idle TTL of norm-decay sessions. */
  readonly sessionIdleTtlMs: number;
  /** Live norm-decay sessions at most. */
  readonly maxSessions: number;
  /** Decay state of all sessions together, in bytes. */
  readonly maxSessionStateBytes: number;
  /** First rung of the engine's backend ladder to try; undefined: the top (tensorflow). */
  readonly backend: BackendName | undefined;
  /** Where jobs keep their state, event logs and artifacts. */
  readonly dataDir: string;
  /** Jobs running at once; the rest wait in the queue. */
  readonly maxConcurrentJobs: number;
  readonly help: boolean;
  readonly version: boolean;
}

/** Default listening address: loopback only, so a bare `npm start` exposes nothing. */
export const DEFAULT_LISTEN = "127.0.0.1:50051";

/** Usage text printed by `--help`. */
export const USAGE = `normserve — exact operator norms of CNN layers over gRPC

Usage: normserve [--listen HOST:PORT] [--max-message-mb N] [--grace-ms N]
                 [--session-ttl-s N] [--max-sessions N] [--max-session-state-mb N]
                 [--backend tensorflow|wasm|cpu] [--data-dir DIR] [--max-concurrent-jobs N]

  --listen HOST:PORT     address to serve on (default ${DEFAULT_LISTEN}; env NORMSERVE_LISTEN)
  --max-message-mb N     largest request/response in MiB (default ${DEFAULT_MAX_MESSAGE_BYTES / 2 ** 20};
                         env NORMSERVE_MAX_MESSAGE_MB)
  --grace-ms N           on SIGTERM, how long in-flight calls may finish (default 10000)
  --session-ttl-s N      norm-decay sessions expire after N idle seconds (default ${DEFAULT_SESSION_IDLE_TTL_MS / 1000};
                         env NORMSERVE_SESSION_TTL_S)
  --max-sessions N       live norm-decay sessions at most (default ${DEFAULT_MAX_SESSIONS}; env NORMSERVE_MAX_SESSIONS)
  --max-session-state-mb N
                         decay state of all sessions together, in MiB (default ${DEFAULT_MAX_SESSION_STATE_BYTES / 2 ** 20})
  --backend NAME         compute engine backend to start the ladder tensorflow → wasm → cpu at;
                         an unavailable one falls back down the ladder (env NORMSERVE_BACKEND)
  --data-dir DIR         where Train/Evaluate jobs keep their state, event logs, checkpoints and
                         models (default ${DEFAULT_DATA_DIR}; env NORMSERVE_DATA_DIR)
  --max-concurrent-jobs N
                         jobs running at once; the rest queue (default 1; env NORMSERVE_MAX_CONCURRENT_JOBS)
  --version              print the version, engine backend, TensorFlow version and device, and exit
  --help                 print this text and exit
`;

/**
 * Parses argv (without node and script) with environment fallbacks. Throws a message fit for
 * the terminal on a bad flag.
 */
export function parseNormserveArgs(argv: readonly string[], env: NodeJS.ProcessEnv): NormserveArgs {
  let listen = env.NORMSERVE_LISTEN ?? DEFAULT_LISTEN;
  let maxMb = env.NORMSERVE_MAX_MESSAGE_MB !== undefined ? Number(env.NORMSERVE_MAX_MESSAGE_MB) : undefined;
  let graceMs = 10_000;
  let ttlS = Number(env.NORMSERVE_SESSION_TTL_S ?? DEFAULT_SESSION_IDLE_TTL_MS / 1000);
  let maxSessions = Number(env.NORMSERVE_MAX_SESSIONS ?? DEFAULT_MAX_SESSIONS);
  let stateMb = DEFAULT_MAX_SESSION_STATE_BYTES / 2 ** 20;
  let backend = parseBackendName(env.NORMSERVE_BACKEND, "NORMSERVE_BACKEND");
  let dataDir = env.NORMSERVE_DATA_DIR ?? DEFAULT_DATA_DIR;
  let maxJobs = Number(env.NORMSERVE_MAX_CONCURRENT_JOBS ?? 1);
  let help = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === "--listen") listen = value();
    else if (flag === "--max-message-mb") maxMb = Number(value());
    else if (flag === "--grace-ms") graceMs = Number(value());
    else if (flag === "--session-ttl-s") ttlS = Number(value());
    else if (flag === "--max-sessions") maxSessions = Number(value());
    else if (flag === "--max-session-state-mb") stateMb = Number(value());
    else if (flag === "--backend") backend = parseBackendName(value(), "--backend");
    else if (flag === "--data-dir") dataDir = value();
    else if (flag === "--max-concurrent-jobs") maxJobs = Number(value());
    else if (flag === "--help" || flag === "-h") help = true;
    else if (flag === "--version") version = true;
    else throw new Error(`unknown option ${argv[i]} (see --help)`);
  }
  if (!/^[^\s]+:\d+$/.test(listen)) throw new Error(`--listen must be HOST:PORT, got ${listen}`);
  if (maxMb !== undefined && !(Number.isFinite(maxMb) && maxMb > 0 && maxMb <= 2047)) {
    throw new Error(`--max-message-mb must be in (0, 2047], got ${maxMb}`);
  }
  if (!(Number.isFinite(graceMs) && graceMs >= 0)) throw new Error(`--grace-ms must be ≥ 0, got ${graceMs}`);
  if (!(Number.isFinite(ttlS) && ttlS > 0)) throw new Error(`--session-ttl-s must be > 0, got ${ttlS}`);
  if (!(Number.isSafeInteger(maxSessions) && maxSessions >= 0))
    throw new Error(`--max-sessions must be an integer ≥ 0, got ${maxSessions}`);
  if (!(Number.isFinite(stateMb) && stateMb >= 0))
    throw new Error(`--max-session-state-mb must be ≥ 0, got ${stateMb}`);
  if (dataDir === "") throw new Error("--data-dir must not be empty");
  if (!(Number.isSafeInteger(maxJobs) && maxJobs >= 1))
    throw new Error(`--max-concurrent-jobs must be an integer ≥ 1, got ${maxJobs}`);
  return {
    listen,
    maxMessageBytes: maxMb === undefined ? DEFAULT_MAX_MESSAGE_BYTES : Math.floor(maxMb * 2 ** 20),
    graceMs,
    sessionIdleTtlMs: ttlS * 1000,
    maxSessions,
    maxSessionStateBytes: Math.floor(stateMb * 2 ** 20),
    backend,
    dataDir,
    maxConcurrentJobs: maxJobs,
    help,
    version,
  };
}
