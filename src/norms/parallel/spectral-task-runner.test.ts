import { afterAll, describe, expect, it } from "vitest";
import { makeConvGeometry } from "../../math/conv-geometry.js";
import { SpectralInputError } from "../../math/spectral-types.js";
import { seededArray } from "../../math/testing/seeded-uniform.js";
import { runSpectralTask, type SpectralTask } from "./spectral-task.js";
import { SpectralTaskRunner } from "./spectral-task-runner.js";

// inlineBelow 0: every task goes to a worker thread.
const runner = new SpectralTaskRunner({ threads: 1, inlineBelow: 0 });
afterAll(() => runner.close());

const linear: SpectralTask = {
  kind: "linear",
  weight: seededArray(30 * 20, 3),
  rows: 30,
  cols: 20,
  transposed: false,
  scale: -2,
};

function bigConv(): SpectralTask {
  const geometry = makeConvGeometry({
    inChannels: 48,
    outChannels: 48,
    inputSpatial: [32, 32],
    kernelSpatial: [3, 3],
    pads: [1, 1, 1, 1],
  });
  return { kind: "convPower", weight: seededArray(48 * 48 * 9, 5), geometry, power: {} };
}

describe("SpectralTaskRunner", () => {
  it("a worker thread gives the inline result (linear [30,20], scale −2)", async () => {
    const inline = runSpectralTask(linear);
    const threaded = await runner.run(linear);
    expect(threaded).toEqual(inline);
    expect(threaded.method).toBe("exact");
  });

  it("sends a view of a larger buffer as a copy and gets the same result", async () => {
    const buffer = new Float64Array(1000 + 600);
    buffer.set(linear.weight, 1000);
    const view: SpectralTask = { ...linear, weight: buffer.subarray(1000) };
    expect((await runner.run(view)).value).toBe(runSpectralTask(linear).value);
  });

  it("rethrows a SpectralInputError from the worker as one (3-d conv)", async () => {
    const geometry = makeConvGeometry({
      inChannels: 1,
      outChannels: 1,
      inputSpatial: [3, 3, 3],
      kernelSpatial: [2, 2, 2],
    });
    const task: SpectralTask = {
      kind: "convPower",
      weight: new Float64Array(8).fill(1),
      geometry,
      power: {},
    };
    await expect(runner.run(task)).rejects.toBeInstanceOf(SpectralInputError);
  });

  it("an abort rejects at once with the signal's reason, and the next task runs on a fresh worker", async () => {
    const controller = new AbortController();
    const started = performance.now();
    const pending = runner.run(bigConv(), controller.signal);
    setTimeout(() => controller.abort(new Error("stop")), 100);
    await expect(pending).rejects.toThrow("stop");
    expect(performance.now() - started).toBeLessThan(2_000);
    expect((await runner.run(linear)).value).toBeCloseTo(runSpectralTask(linear).value, 15);
  });

  it("rejects an already aborted signal without starting, and calls after close()", async () => {
    await expect(runner.run(linear, AbortSignal.abort(new Error("early")))).rejects.toThrow("early");
    const closed = new SpectralTaskRunner();
    await closed.close();
    await expect(closed.run(linear)).rejects.toThrow(/closed/);
  });
});
