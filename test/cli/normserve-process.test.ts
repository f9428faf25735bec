import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { float64Tensor, LayerKind, NormserveClient } from "../../clients/ts/src/index.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

interface Running {
  child: ChildProcessWithoutNullStreams;
  address: string;
  lines: Record<string, unknown>[];
  exited: Promise<number | null>;
}

/** Starts `normserve` as users do (from source through tsx) and waits for its "listening" line. */
async function startNormserveProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Running> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/normserve.ts", ...args], {
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

describe("normserve process", () => {
  it("serves on the --listen address, logs JSON lines, and drains then exits 0 on SIGTERM", async () => {
    const running = await startNormserveProcess(["--listen", "127.0.0.1:0"]);
    const client = new NormserveClient(running.address);
    try {
      expect(running.address).toMatch(/^127\.0\.0\.1:\d+$/);
      const response = await client.computeLayerNorms([
        {
          name: "fc",
          kind: LayerKind.LAYER_KIND_LINEAR,
          weight: float64Tensor([1, 3], [1, -1, 1]),
          conv: undefined,
          inputShape: [],
          batchNorm: undefined,
        },
      ]);
      expect(response.layers[0].linf).toBe(3);
      running.child.kill("SIGTERM");
      expect(await running.exited).toBe(0);
      expect(running.lines.map((l) => l.msg)).toEqual(["listening", "draining in-flight calls", "stopped"]);
      for (const line of running.lines) expect(typeof line.time).toBe("string");
    } finally {
      client.close();
      running.child.kill("SIGKILL");
    }
  });

  it("takes its address from NORMSERVE_LISTEN", async () => {
    const running = await startNormserveProcess([], { NORMSERVE_LISTEN: "127.0.0.1:0" });
    try {
      expect(running.address).toMatch(/^127\.0\.0\.1:\d+$/);
    } finally {
      running.child.kill("SIGTERM");
      await running.exited;
    }
  });

  it("refuses a bad flag with exit code 2 and a message", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/normserve.ts", "--listen", "nonsense"],
      {
        cwd: repoRoot,
      },
    );
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += String(d);
    });
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--listen must be HOST:PORT, got nonsense/);
  });
});
