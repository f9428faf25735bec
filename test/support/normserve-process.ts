import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** A `normserve` process started by {@link startNormserveProcess}. */
export interface NormserveProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** HOST:PORT from its "listening" log line. */
  readonly address: string;
  /** Its JSON log lines so far (the array keeps filling). */
  readonly lines: Record<string, unknown>[];
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

/**
 * Starts a server entry point from source through tsx, as users run it (`script` defaults to
 * `src/cli/normserve.ts`), and waits up to 30 s for its "listening" line.
 */
export async function startNormserveProcess(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  script = "src/cli/normserve.ts",
): Promise<NormserveProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
  });
  const lines: Record<string, unknown>[] = [];
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("normserve did not start within 30 s")), 30_000);
    createInterface({ input: child.stdout }).on("line", (line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      lines.push(record);
      if (record.msg === "listening") {
        clearTimeout(timer);
        resolve(String(record.address));
      }
    });
    child.on("exit", (code) => reject(new Error(`normserve exited with ${code} before listening`)));
  });
  return { child, address, lines, exited };
}
