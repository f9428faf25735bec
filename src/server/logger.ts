/** Severity of a log line. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Structured logger: one JSON object per line. */
export interface Logger {
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
}

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * A logger writing JSON lines (`{"time","level","msg",...fields}`) to `write`, dropping lines
 * below `minLevel`.
 */
export function createJsonLogger(
  write: (line: string) => void = (line) => process.stdout.write(line),
  minLevel: LogLevel = "info",
): Logger {
  return {
    log(level, msg, fields) {
      if (LEVEL_ORDER[level] < LEVEL_ORDER[minLevel]) return;
      write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
    },
  };
}

/** A logger that discards everything (tests). */
export const silentLogger: Logger = { log() {} };
