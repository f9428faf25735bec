import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { afterAll, describe, expect, it } from "vitest";
import { makeConvGeometry } from "../conv-geometry.js";
import { convSingularValues, convSingularValuesAsync } from "../conv-singular-values.js";
import { convGramBound, convGramBoundAsync } from "../conv-spectral-zero-pad.js";
import { clipConvSingularValues, clipConvSingularValuesAsync } from "../svc.js";
import { seededArray } from "../testing/seeded-uniform.js";
import { chunkItems } from "./frequency-job.js";
import { FrequencyPool } from "./frequency-pool.js";

const pool = new FrequencyPool({ threads: 2 });
afterAll(() => pool.close());

describe("FrequencyPool", () => {
  it("gives the same results as the single-threaded path (σ, all σ, SVC, Gram bound)", async () => {
    await pool.warmUp();
    const geometry = makeConvGeometry({
      inChannels: 8,
      outChannels: 6,
      group: 2,
      inputSpatial: [8, 6],
      kernelSpatial: [3, 3],
      strides: [2, 1],
      pads: [1, 1, 1, 1],
    });
    const weight = seededArray(6 * 4 * 9, 7);
    const sync = convSingularValues(weight, geometry, { all: true });
    const parallel = await convSingularValuesAsync(weight, geometry, { all: true, pool });
    expect(parallel.sigmaMax).toBe(sync.sigmaMax);
    expect([...parallel.values!]).toEqual([...sync.values!]);
    for (const strategy of ["lags", "block", "gram", "dense"] as const) {
      const a = await convSingularValuesAsync(weight, geometry, { strategy, pool });
      expect(a.sigmaMax).toBe(convSingularValues(weight, geometry, { strategy }).sigmaMax);
    }
    const clipTo = sync.sigmaMax * 0.7;
    const svcSync = clipConvSingularValues(weight, geometry, clipTo);
    const svcPar = await clipConvSingularValuesAsync(weight, geometry, clipTo, { pool });
    for (let i = 0; i < weight.length; i++)
      expect(Math.abs(svcPar.kernel[i] - svcSync.kernel[i])).toBeLessThan(1e-13);
    expect(svcPar.sigmaMaxAfter).toBeCloseTo(svcSync.sigmaMaxAfter, 12);
    const gSync = convGramBound(weight, geometry, { iterations: 4 });
    const gPar = await convGramBoundAsync(weight, geometry, { iterations: 4, pool });
    expect(gPar.bound).toBeCloseTo(gSync.bound, 12);
  });

  it("fails a request cleanly when a task throws, and keeps working", async () => {
    await expect(pool.map("sigmaMax", { plan: null, strategy: "dense" }, [Int32Array.of(0)])).rejects.toThrow(
      /failed/,
    );
    const ok = await pool.map("noop", null, [Int32Array.of(1), Int32Array.of(2)]);
    expect(ok.map((r) => [...(r as Int32Array)])).toEqual([[1], [2]]);
  });

  it("splits items into contiguous chunks", () => {
    const items = Int32Array.from({ length: 10 }, (_, i) => i);
    const chunks = chunkItems(items, 3);
    expect(chunks.map((c) => c.length)).toEqual([3, 3, 4]);
    expect(chunkItems(items.subarray(0, 2), 6).length).toBe(2);
  });

  it("does not keep Node alive when never closed", async () => {
    const tsx = createRequire(import.meta.url).resolve("tsx");
    const script = new URL("./testing/unclosed-pool.ts", import.meta.url);
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ["--import", tsx, script.pathname], { timeout: 30_000 }, (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      );
    });
    expect(out.trim()).toMatch(/^sigma [0-9.]+$/);
  });

  it("rejects work after close", async () => {
    const p = new FrequencyPool({ threads: 1 });
    await p.close();
    await expect(p.map("noop", null, [Int32Array.of(0)])).rejects.toThrow(/closed/);
  });
});
