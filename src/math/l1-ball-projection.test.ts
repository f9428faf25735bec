import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { l1BallThreshold, projectIndicesOntoL1Ball, projectOntoL1Ball } from "./l1-ball-projection.js";
import { bisectionL1Projection, maxAbsDiff } from "./testing/brute-force-projection.js";

const absSum = (x: ArrayLike<number>): number => Array.from(x).reduce((s, v) => s + Math.abs(v), 0);

const vectors = fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 40 });
const radii = fc.double({ min: 0, max: 20, noNaN: true });

describe("projectOntoL1Ball", () => {
  it("matches bisection on the threshold (random v, n ≤ 40, r ≤ 20)", () => {
    fc.assert(
      fc.property(vectors, radii, (v, r) => {
        const x = projectOntoL1Ball(v, r);
        const ref = bisectionL1Projection(v, r);
        const scale = Math.max(1, ...v.map(Math.abs));
        expect(maxAbsDiff(x, ref)).toBeLessThanOrEqual(1e-12 * scale);
      }),
      { numRuns: 500, seed: 1 },
    );
  });

  it("lands in the ball (computed abs sum ≤ r) and on its boundary when outside", () => {
    fc.assert(
      fc.property(vectors, radii, (v, r) => {
        const x = projectOntoL1Ball(v, r);
        expect(absSum(x)).toBeLessThanOrEqual(r);
        if (absSum(v) > r) expect(absSum(x)).toBeGreaterThanOrEqual(r - 1e-12 * Math.max(1, r));
      }),
      { numRuns: 500, seed: 2 },
    );
  });

  it("keeps signs and only shrinks magnitudes", () => {
    fc.assert(
      fc.property(vectors, radii, (v, r) => {
        const x = projectOntoL1Ball(v, r);
        x.forEach((xi, i) => {
          expect(Math.abs(xi)).toBeLessThanOrEqual(Math.abs(v[i]));
          expect(xi * v[i]).toBeGreaterThanOrEqual(0);
        });
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it("v=[3,-1,0.5] r=2: θ=1 gives [2,0,0]", () => {
    expect(Array.from(projectOntoL1Ball([3, -1, 0.5], 2))).toEqual([2, 0, 0]);
  });

  it("v=[1,-1,1,-1] r=2: ties split evenly, θ=0.5", () => {
    expect(Array.from(projectOntoL1Ball([1, -1, 1, -1], 2))).toEqual([0.5, -0.5, 0.5, -0.5]);
  });

  it("r=0 gives zeros", () => {
    expect(Array.from(projectOntoL1Ball([2, -3, 0.25], 0))).toEqual([0, 0, 0]);
  });

  it("a point inside (or on) the ball is returned unchanged", () => {
    expect(Array.from(projectOntoL1Ball([0.5, -0.25], 1))).toEqual([0.5, -0.25]);
    expect(Array.from(projectOntoL1Ball([0.5, -0.5], 1))).toEqual([0.5, -0.5]);
    expect(l1BallThreshold([0.5, -0.5], 1)).toBe(0);
  });

  it("v = 1e6 + tiny spread, r = 1e6: stays inside despite cancellation", () => {
    const v = Array.from({ length: 1000 }, (_, i) => 1e3 + i * 1e-9);
    const x = projectOntoL1Ball(v, 1e6);
    expect(absSum(x)).toBeLessThanOrEqual(1e6);
  });

  it("throws when the radius is negative or not finite", () => {
    expect(() => projectOntoL1Ball([1], -1)).toThrow(/radius/);
    expect(() => projectOntoL1Ball([1], Number.NaN)).toThrow(/radius/);
    expect(() => projectOntoL1Ball([1], Number.POSITIVE_INFINITY)).toThrow(/radius/);
  });
});

describe("projectIndicesOntoL1Ball", () => {
  it("projects only x[indices], in place, and reports a change", () => {
    const x = Float64Array.from([3, 9, -1, 9, 0.5]);
    expect(projectIndicesOntoL1Ball(x, Int32Array.from([0, 2, 4]), 2)).toBe(true);
    expect(Array.from(x)).toEqual([2, 9, 0, 9, 0]);
  });

  it("reports no change when the sub-vector is inside", () => {
    const x = Float64Array.from([0.5, 9, -0.5]);
    expect(projectIndicesOntoL1Ball(x, Int32Array.from([0, 2]), 1)).toBe(false);
    expect(Array.from(x)).toEqual([0.5, 9, -0.5]);
  });
});
