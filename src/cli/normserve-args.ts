import { DEFAULT_MAX_MESSAGE_BYTES } from "../server/server-options.js";

/** Command-line configuration of the `normserve` server. */
export interface NormserveArgs {
  readonly listen: string;
  readonly maxMessageBytes: number;
  readonly graceMs: number;
  readonly help: boolean;
  readonly version: boolean;
}

/** Default listening address: loopback only, so a bare `npm start` exposes nothing. */
export const DEFAULT_LISTEN = "127.0.0.1:50051";

/** Usage text printed by `--help`. */
export const USAGE = `normserve — exact operator norms of CNN layers over gRPC

Usage: normserve [--listen HOST:PORT] [--max-message-mb N] [--grace-ms N]

  --listen HOST:PORT     address to serve on (default ${DEFAULT_LISTEN}; env NORMSERVE_LISTEN)
  --max-message-mb N     largest request/response in MiB (default ${DEFAULT_MAX_MESSAGE_BYTES / 2 ** 20};
                         env NORMSERVE_MAX_MESSAGE_MB)
  --grace-ms N           on SIGTERM, how long in-flight calls may finish (default 10000)
  --version              print the version and exit
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
    else if (flag === "--help" || flag === "-h") help = true;
    else if (flag === "--version") version = true;
    else throw new Error(`unknown option ${argv[i]} (see --help)`);
  }
  if (!/^[^\s]+:\d+$/.test(listen)) throw new Error(`--listen must be HOST:PORT, got ${listen}`);
  if (maxMb !== undefined && !(Number.isFinite(maxMb) && maxMb > 0 && maxMb <= 2047)) {
    throw new Error(`--max-message-mb must be in (0, 2047], got ${maxMb}`);
  }
  if (!(Number.isFinite(graceMs) && graceMs >= 0)) throw new Error(`--grace-ms must be ≥ 0, got ${graceMs}`);
  return {
    listen,
    maxMessageBytes: maxMb === undefined ? DEFAULT_MAX_MESSAGE_BYTES : Math.floor(maxMb * 2 ** 20),
    graceMs,
    help,
    version,
  };
}
