import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeNpy } from "../../src/data/encode-npy.js";
import { parseNpy } from "../../src/data/parse-npy.js";
import { buildModel, node } from "../../src/onnx/build/onnx-builder.js";
import { buildZooModel } from "../../src/onnx/zoo/build-zoo-model.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
/** small_cnn at width 0.25 on 5 images: --batch-size 2 gives uneven batches. */
const SHAPE = [5, 1, 28, 28];
const COUNT = SHAPE.reduce((a, b) => a * b, 1);
const LABELS = [1, 4, 9, 0, 7];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs normctl as users do (from source through tsx) and collects its output and exit code. */
function normctl(args: string[]): Promise<Run> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/normctl.ts", ...args], {
    cwd: repoRoot,
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

async function ortLogits(model: Uint8Array, x: Float32Array, shape: number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    const out = await session.run({ input: new ort.Tensor("float32", x, shape) });
    return Float32Array.from(out.logits.data as Float32Array);
  } finally {
    await session.release();
  }
}

function meanCrossEntropy(logits: Float32Array, classes: number): number {
  let total = 0;
  LABELS.forEach((label, i) => {
    const row = logits.subarray(i * classes, (i + 1) * classes);
    const max = Math.max(...row);
    total += Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0)) + max - row[label];
  });
  return total / LABELS.length;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

describe("normctl exec (real process)", () => {
  let dir: string;
  let model: Uint8Array;
  let x: Float32Array;
  const at = (name: string) => join(dir, name);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "normctl-exec-"));
    model = buildZooModel("small_cnn", { widthMultiplier: 0.25, seed: 2 });
    writeFileSync(at("model.onnx"), model);
    x = Float32Array.from({ length: COUNT }, (_, i) => ((i * 37) % 101) / 101);
    writeFileSync(at("x.npy"), encodeNpy(x, SHAPE));
    writeFileSync(at("labels.npy"), encodeNpy(BigInt64Array.from(LABELS.map(BigInt)), [5]));
    writeFileSync(
      at("x8.npy"),
      encodeNpy(
        Uint8Array.from({ length: COUNT }, (_, i) => (i * 7) % 256),
        SHAPE,
      ),
    );
    writeFileSync(at("x64.npy"), encodeNpy(Float64Array.from(x), SHAPE));
    writeFileSync(at("wide.npy"), encodeNpy(new Float32Array(2 * 3 * 28 * 28), [2, 3, 28, 28]));
    writeFileSync(
      at("erf.onnx"),
      buildModel({
        inputs: [{ name: "input", shape: ["N", 4] }],
        nodes: [node("Erf", ["input"], ["logits"])],
      }),
    );
    writeFileSync(at("x4.npy"), encodeNpy(new Float32Array(8), [2, 4]));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(["tensorflow", "wasm"])(
    "--backend %s --batch-size 2: logits match onnxruntime, the input gradient matches a finite difference",
    async (backend) => {
      const run = await normctl([
        "exec",
        at("model.onnx"),
        "--input",
        at("x.npy"),
        "--out",
        at(`y-${backend}.npy`),
        "--labels",
        at("labels.npy"),
        "--input-grad",
        at(`g-${backend}.npy`),
        "--backend",
        backend,
        "--batch-size",
        "2",
      ]);
      expect(run.stderr).not.toMatch(/normctl:/);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`5 examples on ${backend} .*\\[5, 10\\]`));
      const y = parseNpy(readFileSync(at(`y-${backend}.npy`)), "y");
      expect(y.dtype).toBe("f4");
      expect(y.shape).toEqual([5, 10]);
      const ref = await ortLogits(model, x, SHAPE);
      expect(maxAbsDiff(y.data as Float32Array, ref)).toBeLessThan(1e-4);
      const printed = Number(/mean cross-entropy (\S+),/.exec(run.stdout)?.[1]);
      expect(Math.abs(printed - meanCrossEntropy(ref, 10))).toBeLessThan(1e-5);

      const g = parseNpy(readFileSync(at(`g-${backend}.npy`)), "g");
      expect(g.shape).toEqual(SHAPE);
      const grad = g.data as Float32Array;
      const i = grad.reduce((best, v, k) => (Math.abs(v) > Math.abs(grad[best]) ? k : best), 0);
      // Central difference of the mean loss computed by onnxruntime (float32 noise ~2e-4 at this step).
      const eps = 3e-4;
      const plus = x.slice();
      const minus = x.slice();
      plus[i] += eps;
      minus[i] -= eps;
      const fd =
        (meanCrossEntropy(await ortLogits(model, plus, SHAPE), 10) -
          meanCrossEntropy(await ortLogits(model, minus, SHAPE), 10)) /
        (plus[i] - minus[i]);
      expect(Math.abs(fd - grad[i])).toBeLessThan(4e-4 + 2e-2 * Math.abs(grad[i]));
    },
  );

  it("uint8 input is scaled by 1/255", async () => {
    const run = await normctl(["exec", at("model.onnx"), "--input", at("x8.npy"), "--out", at("y8.npy")]);
    expect(run.code).toBe(0);
    const scaled = Float32Array.from({ length: COUNT }, (_, i) => ((i * 7) % 256) / 255);
    const y = parseNpy(readFileSync(at("y8.npy")), "y8").data as Float32Array;
    expect(maxAbsDiff(y, await ortLogits(model, scaled, SHAPE))).toBeLessThan(1e-4);
  });

  it.each([
    [
      "a wrong input shape",
      ["--input", "wide.npy"],
      /input shape \[2, 3, 28, 28\] does not fit the model's input 'input' \[N, 1, 28, 28\]/,
    ],
    [
      "a wrong dtype",
      ["--input", "x64.npy"],
      /dtype f8 is not supported; exec takes float32 \(f4\) or uint8/,
    ],
    ["a missing input file", ["--input", "nope.npy"], /cannot read input .*nope\.npy/],
    ["float labels", ["--input", "x.npy", "--labels", "x.npy"], /labels must be integers, got dtype f4/],
  ])("exits 1 on %s", async (_case, flags, message) => {
    const paths = flags.map((f, k) => (k % 2 === 1 ? at(f) : f));
    const run = await normctl(["exec", at("model.onnx"), ...paths, "--out", at("bad.npy")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
  });

  it("exits 1 on a missing model file", async () => {
    const run = await normctl(["exec", at("missing.onnx"), "--input", at("x.npy"), "--out", at("bad.npy")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot read model .*missing\.onnx/);
  });

  it("exits 1 on an op the engine does not support, naming it", async () => {
    const run = await normctl(["exec", at("erf.onnx"), "--input", at("x4.npy"), "--out", at("bad.npy")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/normctl: .*Erf/);
  });

  it("exits 2 when --input-grad comes without --labels", async () => {
    const run = await normctl(["exec", at("model.onnx"), "--input", "x", "--out", "y", "--input-grad", "g"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--input-grad needs --labels/);
  });
});
