import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/test-server.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const fixture = "test/fixtures/bn_kept.onnx";

interface ExpectedLayer {
  node_name: string;
  l1: number;
  linf: number;
  l1_maximiser: { channel: number; position: number[] };
}
const expected = (
  JSON.parse(readFileSync(new URL("../fixtures/expected.json", import.meta.url), "utf8")) as {
    fixtures: Record<string, { layers: ExpectedLayer[]; network: { l1_product: number } }>;
  }
).fixtures["bn_kept.onnx"];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs normctl as users do (from source through tsx) and collects its output and exit code. */
function normctl(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/normctl.ts", ...args], {
    cwd: repoRoot,
    env: { ...process.env, NORMSERVE_ADDRESS: "", ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += String(d);
  });
  child.stderr.on("data", (d) => {
    stderr += String(d);
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

interface JsonLayer {
  nodeName: string;
  kind: string;
  l1?: number;
  linf?: number;
  l1Maximiser?: { channel: number; position: number[] };
}

describe("normctl norms (real server)", () => {
  let server: TestServer;
  let scratch: string;
  beforeAll(async () => {
    server = await startTestServer();
    scratch = await mkdtemp(join(tmpdir(), "normctl-"));
  });
  afterAll(async () => {
    await server?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it("prints a table with every node, both norms, maximisers and the network figures", async () => {
    const run = await normctl(["norms", fixture, "--server", server.address]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const [header] = run.stdout.split("\n");
    for (const column of ["node", "op", "kind", "input", "L1", "L1 maximiser", "L∞", "L∞ maximiser"]) {
      expect(header).toContain(column);
    }
    for (const layer of expected.layers) expect(run.stdout).toContain(layer.node_name);
    const conv1 = run.stdout.split("\n").find((line) => line.startsWith("/conv1/Conv "));
    expect(conv1).toMatch(/Conv\s+conv\s+3×12×12\s+7\.51733\s+c1@\(1,1\)\s+3\.0916\s+c0@\(1,1\)/);
    expect(run.stdout).toMatch(/network\s+product\s+lipschitz bound/);
    expect(run.stdout).toMatch(/^L1\s+788\.746\s/m);
  });

  it("--json parses and its L1 values and maximisers match the oracle in expected.json", async () => {
    const run = await normctl(["norms", fixture, "--json"], { NORMSERVE_ADDRESS: server.address });
    expect(run.code).toBe(0);
    const parsed = JSON.parse(run.stdout) as {
      layers: JsonLayer[];
      network: { norm: string; product: number }[];
    };
    expect(parsed.layers.map((l) => l.nodeName)).toEqual(expected.layers.map((l) => l.node_name));
    parsed.layers.forEach((layer, i) => {
      expect(layer.l1).toBeCloseTo(expected.layers[i].l1, 9);
      expect(layer.linf).toBeCloseTo(expected.layers[i].linf, 9);
      expect(layer.l1Maximiser).toEqual(expected.layers[i].l1_maximiser);
    });
    const l1 = parsed.network.find((n) => n.norm === "NORM_TYPE_L1");
    expect(l1?.product).toBeCloseTo(expected.network.l1_product, 6);
  });

  it("--norms linf --input-shape 2,3,16,16 asks for L∞ only on the overridden shape", async () => {
    // resnet_fused ends in a global average pool, so it accepts any spatial size (bn_kept does not).
    const run = await normctl([
      "norms",
      "test/fixtures/resnet_fused.onnx",
      `--server=${server.address}`,
      "--norms",
      "linf",
      "--input-shape",
      "2,3,16,16",
      "--json",
    ]);
    expect(run.code).toBe(0);
    const parsed = JSON.parse(run.stdout) as { layers: (JsonLayer & { inputShape: number[] })[] };
    expect(parsed.layers[0].inputShape).toEqual([3, 16, 16]);
    for (const layer of parsed.layers) {
      expect(layer.l1).toBeUndefined();
      expect(typeof layer.linf).toBe("number");
    }
  });

  it("exits 1 with INVALID_ARGUMENT on stderr when the file is not an ONNX model", async () => {
    const bad = join(scratch, "bad.onnx");
    writeFileSync(bad, Buffer.from("this is not a protobuf \u0000\u00ff\u00fe", "latin1"));
    const run = await normctl(["norms", bad, "--server", server.address]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^normctl: INVALID_ARGUMENT: .*onnx_model/);
  });

  it("exits 1 when the model file cannot be read", async () => {
    const run = await normctl(["norms", join(scratch, "missing.onnx"), "--server", server.address]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/normctl: cannot read .*missing\.onnx/);
  });

  it("exits 1 with UNAVAILABLE when no server answers", async () => {
    const run = await normctl(["norms", fixture, "--server", "127.0.0.1:1", "--timeout-ms", "5000"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^normctl: (UNAVAILABLE|DEADLINE_EXCEEDED): /);
  });

  it.each([
    [["norms", fixture, "--bogus"], /unknown option --bogus/],
    [["norms"], /needs a model file/],
    [[], /missing command/],
    [["frobnicate", fixture], /unknown command frobnicate/],
    [["norms", fixture, "--norms", "l7"], /unknown norm "l7"/],
    [["norms", fixture, "--input-shape", "1,x"], /--input-shape must be/],
    [["norms", fixture, "--server", "nonsense"], /--server must be HOST:PORT/],
  ])("exits 2 with a usage message for %j", async (args, message) => {
    const run = await normctl(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
  });

  it("--help prints the usage and exits 0", async () => {
    const run = await normctl(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: normctl norms MODEL\.onnx/m);
  });
});
