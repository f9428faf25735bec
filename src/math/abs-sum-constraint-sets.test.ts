import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  convBallIsSeparable,
  convConstraintSets,
  convTapBlocks,
  linearConstraintSets,
} from "./abs-sum-constraint-sets.js";
import { makeConvGeometry } from "./conv-geometry.js";
import { denseConvIndex, denseLineIndices, denseLineSums } from "./testing/dense-conv-index.js";
import {
  convConfigArbitrary,
  convConfigGeometry,
  convConfigName,
  randomWeights,
} from "./testing/random-conv.js";

const subset = (a: readonly number[], b: ReadonlySet<number>): boolean => a.every((x) => b.has(x));

function pairwiseDisjoint(sets: readonly Int32Array[]): boolean {
  const seen = new Set<number>();
  for (const s of sets)
    for (const i of s) {
      if (seen.has(i)) return false;
      seen.add(i);
    }
  return true;
}

describe("convConstraintSets vs the dense conv matrix", () => {
  it("random configs: sets are dense lines, every line lies in a set, max set sum = norm, disjoint flag is true disjointness", () => {
    fc.assert(
      fc.property(convConfigArbitrary(), fc.integer(), (config, seed) => {
        const g = convConfigGeometry(config);
        fc.pre(g !== undefined);
        if (g === undefined) return;
        const name = convConfigName(config);
        const dense = denseConvIndex(g);
        const w = randomWeights(dense.index.reduce((m, v) => Math.max(m, v + 1), 0) || 1, seed);
        for (const norm of ["l1", "linf"] as const) {
          const { sets, disjoint } = convConstraintSets(g, norm);
          // The block × tap form lists the same sets, block by block; blocks never share a weight.
          const tb = convTapBlocks(g, norm);
          const fromBlocks = Array.from({ length: tb.blocks }, (_, b) =>
            tb.tapSets.map((ts) =>
              Array.from(ts)
                .flatMap((t) => Array.from({ length: tb.rowsPerBlock }, (_, r) => tb.index(b, r, t)))
                .sort((x, y) => x - y),
            ),
          );
          expect(fromBlocks.flat(), `${name} ${norm}`).toEqual(sets.map((s) => Array.from(s)));
          const blockUnions = fromBlocks.map((b) => Int32Array.from(new Set(b.flat())));
          expect(pairwiseDisjoint(blockUnions), `${name} ${norm} blocks`).toBe(true);
          const lineCount = norm === "l1" ? dense.cols : dense.rows;
          const lines = Array.from({ length: lineCount }, (_, l) => denseLineIndices(dense, norm, l));
          const keys = new Set(lines.map((l) => l.join(",")));
          for (const s of sets) expect(keys.has(Array.from(s).join(",")), `${name} ${norm}`).toBe(true);
          const setsAsSets = sets.map((s) => new Set(s));
          // An empty line (every tap in the padding) constrains nothing.
          for (const l of lines)
            expect(l.length === 0 || setsAsSets.some((s) => subset(l, s)), `${name} ${norm}`).toBe(true);
          expect(disjoint, `${name} ${norm}`).toBe(pairwiseDisjoint(sets));
          expect(convBallIsSeparable(g, norm), `${name} ${norm}`).toBe(disjoint);
          const norms = denseLineSums(dense, w, norm);
          const best = Math.max(0, ...norms);
          const setBest = Math.max(
            0,
            ...sets.map((s) => Array.from(s).reduce((a, i) => a + Math.abs(w[i]), 0)),
          );
          expect(Math.abs(setBest - best), `${name} ${norm}`).toBeLessThanOrEqual(1e-12 * Math.max(1, best));
        }
      }),
      { numRuns: 300, seed: 21 },
    );
  });

  const cases = [
    {
      name: "x=[1,5,5] k=3 s=1 p=1 l1: one greatest tap set",
      input: [5, 5],
      stride: 1,
      pad: 1,
      norm: "l1",
      sets: 1,
      sep: true,
    },
    {
      name: "x=[1,5,5] k=3 s=1 p=1 linf: one greatest tap set",
      input: [5, 5],
      stride: 1,
      pad: 1,
      norm: "linf",
      sets: 1,
      sep: true,
    },
    {
      name: "x=[1,8,8] k=3 s=2 p=1 l1: phase classes {1},{0,2} per axis",
      input: [8, 8],
      stride: 2,
      pad: 1,
      norm: "l1",
      sets: 4,
      sep: true,
    },
    {
      name: "x=[1,8,8] k=3 s=2 p=1 linf: interior rows see all taps",
      input: [8, 8],
      stride: 2,
      pad: 1,
      norm: "linf",
      sets: 1,
      sep: true,
    },
    {
      name: "x=[1,2] k=3 s=1 p=1 linf: tiny input, {1,2} and {0,1} overlap",
      input: [2],
      stride: 1,
      pad: 1,
      norm: "linf",
      sets: 2,
      sep: false,
    },
    {
      name: "x=[1,2] k=3 s=1 p=1 l1: tiny input, {0,1} and {1,2} overlap",
      input: [2],
      stride: 1,
      pad: 1,
      norm: "l1",
      sets: 2,
      sep: false,
    },
  ] as const;
  it.each(cases)("$name", ({ input, stride, pad, norm, sets, sep }) => {
    const rank = input.length;
    const g = makeConvGeometry({
      inChannels: 1,
      outChannels: 1,
      inputSpatial: input,
      kernelSpatial: Array(rank).fill(3),
      strides: Array(rank).fill(stride),
      pads: Array(2 * rank).fill(pad),
    });
    const result = convConstraintSets(g, norm);
    expect(result.sets.length).toBe(sets);
    expect(result.disjoint).toBe(sep);
  });
});

describe("linearConstraintSets", () => {
  it("rows=2 cols=3: l1 gives 3 disjoint columns, linf 2 disjoint rows", () => {
    const l1 = linearConstraintSets(2, 3, false, "l1");
    expect(l1.sets.map((s) => Array.from(s))).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    expect(l1.disjoint).toBe(true);
    const linf = linearConstraintSets(2, 3, true, "linf");
    expect(linf.sets.map((s) => Array.from(s))).toEqual([
      [0, 2, 4],
      [1, 3, 5],
    ]);
  });
});
