import { describe, expect, it } from "vitest";
import { permuteInto } from "./permute-array.js";

describe("permuteInto", () => {
  it("dims=[2,3] perm=[1,0] transposes", () => {
    expect(permuteInto([1, 2, 3, 4, 5, 6], [2, 3], [1, 0], new Array<number>(6))).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it("dims=[2,3,4] perm=[2,0,1] matches index arithmetic", () => {
    const src = Array.from({ length: 24 }, (_, i) => i);
    const out = permuteInto(src, [2, 3, 4], [2, 0, 1], new Float64Array(24));
    // out[k][i][j] = src[i][j][k]
    for (let k = 0; k < 4; k++)
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 3; j++) expect(out[k * 6 + i * 3 + j]).toBe(src[i * 12 + j * 4 + k]);
  });
});
