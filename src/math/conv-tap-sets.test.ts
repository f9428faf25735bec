import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ConvGeometry, inputTapsOnAxis, makeConvGeometry, outputTapsOnAxis } from "./conv-geometry.js";
import { axisTapSets } from "./conv-tap-sets.js";

function geometry1d(input: number, kernel: number, stride: number, dilation: number, pads: [number, number]) {
  return makeConvGeometry({
    inChannels: 1,
    outChannels: 1,
    inputSpatial: [input],
    kernelSpatial: [kernel],
    strides: [stride],
    dilations: [dilation],
    pads,
  });
}

/** Checks axisTapSets against the per-index definitions in conv-geometry. */
function expectConsistent(g: ConvGeometry, side: "input" | "output"): void {
  const count = side === "output" ? g.outputSpatial[0] : g.inputSpatial[0];
  const taps = (i: number) => (side === "output" ? outputTapsOnAxis(g, 0, i) : inputTapsOnAxis(g, 0, i));
  const { all, maximal } = axisTapSets(g, 0, side);
  const keys = all.map((s) => [...s.taps].join(","));
  expect(new Set(keys).size).toBe(keys.length);
  const firstOf = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const key = taps(i).join(",");
    if (!firstOf.has(key)) firstOf.set(key, i);
  }
  expect(all.map((s) => [[...s.taps].join(","), s.first])).toEqual([...firstOf.entries()]);
  const subset = (a: Int32Array, b: Int32Array) => [...a].every((t) => b.includes(t));
  expect(maximal).toEqual(all.filter((a) => !all.some((b) => b !== a && subset(a.taps, b.taps))));
  for (const a of all) expect(maximal.some((m) => subset(a.taps, m.taps))).toBe(true);
}

describe("axisTapSets", () => {
  it("x=5 k=3 s=2 p=[1,1]: input sets {1}, {0,2}, {2}; output sets {1,2}, {0,1,2}", () => {
    const g = geometry1d(5, 3, 2, 1, [1, 1]);
    const input = axisTapSets(g, 0, "input");
    expect(input.all.map((s) => [[...s.taps], s.first])).toEqual([
      [[1], 0],
      [[0, 2], 1],
    ]);
    const output = axisTapSets(g, 0, "output");
    expect(output.all.map((s) => [[...s.taps], s.first])).toEqual([
      [[1, 2], 0],
      [[0, 1, 2], 1],
      [[0, 1], 2],
    ]);
    expect(output.maximal.map((s) => s.first)).toEqual([1]);
  });

  it("x=4 k=1 s=3: elements skipped by the stride have the empty set", () => {
    const input = axisTapSets(geometry1d(4, 1, 3, 1, [0, 0]), 0, "input");
    expect(input.all.map((s) => [[...s.taps], s.first])).toEqual([
      [[0], 0],
      [[], 1],
    ]);
    expect(input.maximal.map((s) => s.first)).toEqual([0]);
  });

  it("x=2 k=3 p=[1,1]: input smaller than the kernel, two maximal sets on each side", () => {
    const g = geometry1d(2, 3, 1, 1, [1, 1]);
    const sets = (side: "input" | "output") =>
      axisTapSets(g, 0, side).maximal.map((s) => [[...s.taps], s.first]);
    expect(sets("output")).toEqual([
      [[1, 2], 0],
      [[0, 1], 1],
    ]);
    expect(sets("input")).toEqual([
      [[0, 1], 0],
      [[1, 2], 1],
    ]);
  });

  it("agrees with outputTapsOnAxis/inputTapsOnAxis on random 1-d geometries", () => {
    const config = fc.record({
      input: fc.integer({ min: 1, max: 12 }),
      kernel: fc.integer({ min: 1, max: 6 }),
      stride: fc.integer({ min: 1, max: 4 }),
      dilation: fc.integer({ min: 1, max: 3 }),
      begin: fc.integer({ min: 0, max: 4 }),
      end: fc.integer({ min: 0, max: 4 }),
    });
    fc.assert(
      fc.property(config, (c) => {
        const extent = (c.kernel - 1) * c.dilation + 1;
        const end = Math.max(c.end, extent - c.input - c.begin);
        const g = geometry1d(c.input, c.kernel, c.stride, c.dilation, [c.begin, end]);
        expectConsistent(g, "output");
        expectConsistent(g, "input");
      }),
      { numRuns: 300 },
    );
  });

  it("k=33 (wider than the bit-mask path) agrees with the per-index definitions", () => {
    for (const [input, stride, pads] of [
      [40, 1, [0, 0]],
      [10, 2, [16, 12]],
      [7, 3, [13, 20]],
    ] as const) {
      const g = geometry1d(input, 33, stride, 1, [pads[0], pads[1]]);
      expectConsistent(g, "output");
      expectConsistent(g, "input");
    }
  });
});
