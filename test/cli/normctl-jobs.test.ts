import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareEvaluateJob } from "../../src/attack/prepare-evaluate-job.js";
import { encodeNpy } from "../../src/data/encode-npy.js";
import { parseNpy } from "../../src/data/parse-npy.js";
import { selectBackend } from "../../src/engine/backend/select-backend.js";
import { createJsonLogger } from "../../src/server/logger.js";
import { prepareTrainJob } from "../../src/train/prepare-train-job.js";
import { tempDataDir } from "../support/job-helpers.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs normctl as users do (from source through tsx; stdout is a pipe, so no TTY redraws). */
function normctl(args: string[]): Promise<Run> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/normctl.ts", ...args], {
    cwd: repoRoot,
    env: { ...process.env, NORMSERVE_ADDRESS: "" },
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

/** Well-formed XML check for our SVG subset: balanced tags, quoted attributes. */
function expectWellFormed(xml: string): void {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, "");
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    if (m[1]) expect(stack.pop()).toBe(m[2]);
    else if (!m[4]) stack.push(m[2]);
  }
  expect(stack).toEqual([]);
  expect(body.replace(/<[^>]*>/g, "")).not.toMatch(/[<>]|&(?![#\w]+;)/);
}

describe("normctl train / watch / plot / jobs / cancel / eval (real process, real server)", () => {
  let t: TestServer;
  let dir: string;
  let jobId = "";
  const at = (name: string) => join(dir, name);
  const trainArgs = () => [
    "train",
    "zoo:small_cnn:0.25",
    "--data",
    "synthetic:64:1,28,28:10:1",
    "--epochs",
    "1",
    "--batch-size",
    "32",
    "--norm-decay",
    "l1:1e-3",
    "--norms-every",
    "1",
    "--progress-every",
    "1",
    "--server",
    t.address,
  ];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "normctl-jobs-"));
    t = await startTestServer({
      dataDir: await tempDataDir(),
      jobPreparers: { train: prepareTrainJob, evaluate: prepareEvaluateJob },
      engine: () => selectBackend(),
      logger: process.env.DEBUG_LOG ? createJsonLogger() : undefined,
    });
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("train zoo:small_cnn:0.25 synthetic n=64 1 epoch: progress lines, norm tables, --out model, --plot SVG", async () => {
    const run = await normctl([...trainArgs(), "--out", at("trained.onnx"), "--plot", at("norms.svg")]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    jobId = /job (\S+) started/.exec(run.stdout)?.[1] ?? "";
    expect(jobId).not.toBe("");
    expect(run.stdout).toMatch(/\[#+\.*\] 2\/2 100%/);
    expect(run.stdout).toMatch(/norms at step 2/);
    expect(run.stdout).toMatch(/epoch 0: loss/);
    expect(readFileSync(at("trained.onnx")).length).toBeGreaterThan(100);
    const svg = readFileSync(at("norms.svg"), "utf8");
    expectWellFormed(svg);
    const layers = run.stdout
      .split("norms at step 2")[1]
      .split("\n")
      .slice(2)
      .filter((l) => /^\s{2}\S/.test(l));
    expect(layers.length).toBeGreaterThan(2);
    expect(svg.match(/<path /g)?.length).toBe(layers.length);
  }, 120_000);

  it("train --json prints one parseable JSON object per event, ending with trainCompleted", async () => {
    const run = await normctl([...trainArgs(), "--out", at("t2.onnx"), "--json"]);
    expect(run.code).toBe(0);
    const events = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(events[0])).toContain("started");
    expect(events.some((e) => "norms" in e)).toBe(true);
    expect(events.at(-1)).toHaveProperty("trainCompleted");
  }, 120_000);

  it("jobs lists the job; plot JOB --norm linf writes one path per layer; watch replays to the end", async () => {
    const jobs = await normctl(["jobs", "--json", "--server", t.address]);
    expect(jobs.code).toBe(0);
    const list = JSON.parse(jobs.stdout) as { jobId: string; state: string }[];
    expect(list.find((j) => j.jobId === jobId)?.state).toBe("JOB_STATE_SUCCEEDED");
    const plot = await normctl([
      "plot",
      jobId,
      "--norm",
      "linf",
      "--log",
      "--out",
      at("p.svg"),
      "--server",
      t.address,
    ]);
    expect(plot.code).toBe(0);
    const svg = readFileSync(at("p.svg"), "utf8");
    expectWellFormed(svg);
    expect(svg.match(/<path /g)?.length).toBe(readFileSync(at("norms.svg"), "utf8").match(/<path /g)?.length);
    const watch = await normctl(["watch", jobId, "--out", at("w.onnx"), "--server", t.address]);
    expect(watch.code).toBe(0);
    expect(readFileSync(at("w.onnx"))).toEqual(readFileSync(at("trained.onnx")));
    const cancel = await normctl(["cancel", jobId, "--server", t.address]);
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toMatch(/SUCCEEDED/);
  }, 120_000);

  it("eval JOB_ID --attacks fgsm,pgd --json --save-adv writes N×C×H×W float32 adversarials", async () => {
    const n = 16;
    const x = Float32Array.from({ length: n * 28 * 28 }, (_, i) => ((i * 37) % 101) / 101);
    writeFileSync(at("x.npy"), encodeNpy(x, [n, 1, 28, 28]));
    writeFileSync(
      at("y.npy"),
      encodeNpy(
        Int32Array.from({ length: n }, (_, i) => i % 10),
        [n],
      ),
    );
    const args = [
      "eval",
      jobId,
      "--data",
      at("x.npy"),
      "--labels",
      at("y.npy"),
      "--eps",
      "0.1",
      "--attacks",
      "fgsm,pgd",
    ];
    const run = await normctl([...args, "--json", "--save-adv", at("adv.npy"), "--server", t.address]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { attacks: { attack: string }[]; robustAccuracy: number };
    expect(json.attacks).toHaveLength(2);
    expect(json.robustAccuracy).toBeGreaterThanOrEqual(0);
    const adv = parseNpy(readFileSync(at("adv.npy")), "adv.npy");
    expect(adv.dtype).toBe("f4");
    expect(adv.shape).toEqual([n, 1, 28, 28]);
    const table = await normctl([...args, "--server", t.address]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/clean\s+\d/);
    expect(table.stdout).toMatch(/worst case\s+\d/);
    // watch on an Evaluate job replays it with the evaluation display, ending with the same table.
    const evalJob = /job (\S+) started/.exec(table.stdout)?.[1] ?? "";
    expect(evalJob).not.toBe("");
    const watch = await normctl(["watch", evalJob, "--server", t.address]);
    expect(watch.code).toBe(0);
    expect(watch.stdout).toMatch(/fgsm: robust accuracy/);
    expect(watch.stdout).toMatch(/worst case\s+\d/);
  }, 120_000);

  it("throws usage errors with exit 2: bad --norm-decay, missing --out, unknown attack", async () => {
    const bad = await normctl([
      "train",
      "zoo:small_cnn",
      "--data",
      "d",
      "--out",
      "o",
      "--norm-decay",
      "l3:1e-3",
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--norm-decay must be/);
    expect((await normctl(["train", "zoo:small_cnn", "--data", "d"])).code).toBe(2);
    const attack = await normctl(["eval", "m.onnx", "--data", "d", "--eps", "0.1", "--attacks", "fab"]);
    expect(attack.code).toBe(2);
    expect(attack.stderr).toMatch(/unknown attack fab/);
  });

  it("a server-side INVALID_ARGUMENT exits 1 with the code name", async () => {
    const run = await normctl([
      "train",
      "zoo:no_such_net",
      "--data",
      "synthetic:8:1,28,28:10",
      "--out",
      at("x.onnx"),
      "--server",
      t.address,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/INVALID_ARGUMENT/);
  });
});
