/** Flags and positional arguments of one `normctl` sub-command. @internal */
export interface ParsedFlags {
  /** Flag → value (`""` for switches). */
  readonly flags: Map<string, string>;
  /** Arguments that are not flags, in order. */
  readonly positional: string[];
}

/**
 * Splits the arguments of a sub-command into flags (`--flag value` or `--flag=value`) and
 * positional arguments. `valued` and `switches` list the accepted flags; anything else throws an
 * Error fit for the terminal (the caller exits 2). @internal
 */
export function parseFlags(
  command: string,
  argv: readonly string[],
  valued: readonly string[],
  switches: readonly string[] = [],
): ParsedFlags {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    if (switches.includes(flag) && eq < 0) {
      flags.set(flag, "");
      continue;
    }
    if (!valued.includes(flag)) throw new Error(`${command}: unknown option ${arg} (see --help)`);
    const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === "" || (eq < 0 && value.startsWith("--")))
      throw new Error(`${command}: ${flag} needs a value`);
    flags.set(flag, value);
  }
  return { flags, positional };
}

/** Parses a number flag; throws a usage Error naming the flag when it is not one. @internal */
export function numberFlag(
  command: string,
  flag: string,
  text: string | undefined,
  check: { integer?: boolean; min?: number; positive?: boolean } = {},
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  const bad =
    !Number.isFinite(value) ||
    text.trim() === "" ||
    (check.integer === true && !Number.isSafeInteger(value)) ||
    (check.positive === true && value <= 0) ||
    (check.min !== undefined && value < check.min);
  if (bad) {
    const what = check.integer ? "an integer" : "a number";
    const range = check.positive ? " > 0" : check.min !== undefined ? ` >= ${check.min}` : "";
    throw new Error(`${command}: ${flag} must be ${what}${range}, got ${text}`);
  }
  return value;
}

/** The server address from `--server`, `NORMSERVE_ADDRESS` or the default, checked. @internal */
export function serverFlag(command: string, flags: Map<string, string>, env: NodeJS.ProcessEnv): string {
  const server = flags.get("--server") ?? (env.NORMSERVE_ADDRESS || "127.0.0.1:50051");
  if (!/^\S+:\d+$/.test(server)) throw new Error(`${command}: --server must be HOST:PORT, got ${server}`);
  return server;
}
