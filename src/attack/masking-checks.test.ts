import { describe, expect, it } from "vitest";
import { crossEntropyLoss, dlrLoss, targetedDlrLoss } from "./attack-losses.js";
import { maskingChecks } from "./masking-checks.js";
import type { ModelOracle } from "./model-oracle.js";
import { squareGapFlag } from "./square-gap-flag.js";

/** A 4-class oracle over 2-pixel images with hand-made logits. */
function fakeOracle(
  logits: (x: Float32Array, n: number, call: number) => Float32Array,
  zeroGrad = false,
): ModelOracle {
  let calls = 0;
  return {
    classes: 4,
    imageShape: [1, 1, 2],
    logits: (x, n) => logits(x, n, calls++),
    lossGradient: (x, y, loss) => {
      const z = logits(x, y.length, calls++);
      const v = loss(z, y, 4);
      const grad = new Float32Array(x.length).fill(zeroGrad ? 0 : 1);
      return { logits: z, loss: v.loss, grad };
    },
  };
}

const x = new Float32Array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
const y = new Int32Array([0, 1, 2]);
const signal = new AbortController().signal;
const plain = (_: Float32Array, n: number) => Float32Array.from({ length: n * 4 }, (_, j) => (j % 4) - 1.5);

describe("gradient-masking checks", () => {
  it("a deterministic logit model raises no flag", () => {
    expect(maskingChecks(fakeOracle(plain), x, y, 2, signal).flags).toEqual([]);
  });
  it("flags a randomised model (two passes differ)", () => {
    const noisy = (_: Float32Array, n: number, call: number) =>
      Float32Array.from({ length: n * 4 }, (_, j) => j + call * 0.01);
    expect(maskingChecks(fakeOracle(noisy), x, y, 2, signal).flags.join()).toMatch(/^randomized-model/);
  });
  it("flags outputs that look like probabilities", () => {
    const probs = (_: Float32Array, n: number) => new Float32Array(n * 4).fill(0.25);
    expect(maskingChecks(fakeOracle(probs), x, y, 2, signal).flags.join()).toMatch(/probability-outputs/);
  });
  it("counts points with all-zero input gradients", () => {
    expect(maskingChecks(fakeOracle(plain, true), x, y, 2, signal).flags).toEqual([
      "zero-gradients: 3 of 3 points have an all-zero input gradient of the cross-entropy",
    ]);
  });
});

describe("square-beats-gradients flag (AutoAttack check_square_sr, point-wise)", () => {
  const n = 1000;
  const robust = (falseAt: number[]) => Array.from({ length: n }, (_, i) => !falseAt.includes(i));
  it("is silent when Square lowers the gradient attacks' worst case by exactly 0.2 points", () => {
    expect(
      squareGapFlag(
        [
          { kind: "pgd", robust: robust([0]) },
          { kind: "square", robust: robust([1, 2]) },
        ],
        n,
      ),
    ).toBeUndefined();
  });
  it("flags when Square lowers it by more than 0.2 points", () => {
    const flag = squareGapFlag(
      [
        { kind: "apgd-ce", robust: robust([0]) },
        { kind: "square", robust: robust([1, 2, 3]) },
      ],
      n,
    );
    expect(flag).toMatch(/^square-beats-gradients: .* from 99\.90% to 99\.60%/);
  });
  it("ignores runs without a gradient attack or without Square", () => {
    expect(squareGapFlag([{ kind: "square", robust: robust([1, 2, 3]) }], n)).toBeUndefined();
    expect(squareGapFlag([{ kind: "pgd", robust: robust([1, 2, 3]) }], n)).toBeUndefined();
  });
});

describe("attack losses", () => {
  const z = new Float32Array([3, 1, 2, 0.5, /* row 2 */ 0, 4, 1, 2]);
  const labels = new Int32Array([0, 0]);
  /** Central differences of Σ loss. */
  function numeric(loss: typeof crossEntropyLoss) {
    const out = new Float32Array(z.length);
    for (let j = 0; j < z.length; j++) {
      const p = Float32Array.from(z);
      const m = Float32Array.from(z);
      p[j] += 1e-3;
      m[j] -= 1e-3;
      const sum = (a: Float32Array) => loss(a, labels, 4).loss.reduce((s, v) => s + v, 0);
      out[j] = (sum(p) - sum(m)) / 2e-3;
    }
    return out;
  }
  for (const [name, loss] of [
    ["ce", crossEntropyLoss],
    ["dlr", dlrLoss],
    ["targeted dlr", targetedDlrLoss(new Int32Array([2, 3]))],
  ] as const)
    it(`${name}: the logit gradient matches central differences`, () => {
      const { dLogits } = loss(z, labels, 4);
      const num = numeric(loss);
      for (let j = 0; j < z.length; j++) expect(dLogits[j]).toBeCloseTo(num[j], 2);
    });
  it("dlr: −(z_y − max_{i≠y} z_i)/(z_π1 − z_π3) on hand-computed rows", () => {
    const { loss } = dlrLoss(z, labels, 4);
    expect(loss[0]).toBeCloseTo(-(3 - 2) / (3 - 1), 6);
    expect(loss[1]).toBeCloseTo(-(0 - 4) / (4 - 1), 6);
  });
});
