import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { float64Tensor, LayerKind, NormserveClient } from "../../clients/ts/src/index.js";
import { startNormserveProcess } from "../support/normserve-process.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

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
    child.stderr.on("data", (d: Buffer) => {
      stderr += String(d);
    });
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--listen must be HOST:PORT, got nonsense/);
  });
});
