import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SeededRandom } from "../data/seeded-random.js";
import type { OnnxExecutor } from "../engine/executor/onnx-executor.js";
import { crossEntropyLoss, predictions } from "./attack-losses.js";
import { ATTACKS } from "./attack-registry.js";
import type { AttackKind, ResolvedAttack } from "./attack-types.js";
import type { ModelOracle } from "./model-oracle.js";
import { fixtureOracle } from "./testing/fixture-oracle.js";
import { l2Norms, linfNorms, type ThreatNormName } from "./threat-ball.js";
import { verifyAdversarial } from "./verify-adversarial.js";

let oracle: ModelOracle;
let exe: OnnxExecutor;
let x: Float32Array;
let y: Int32Array;
const N = 40;

beforeAll(async () => {
  const f = await fixtureOracle();
  oracle = f.oracle;
  exe = f.exe;
  const size = f.data.images.length / f.data.labels.length;
  x = f.data.images.slice(0, N * size);
  y = f.data.labels.slice(0, N);
});
afterAll(() => exe.dispose());

function attackOf(
  kind: AttackKind,
  norm: ThreatNormName,
  extra: Partial<ResolvedAttack> = {},
): ResolvedAttack {
  const eps = norm === "linf" ? 0.03 : 0.5;
  return {
    kind,
    name: `${kind}-${norm}`,
    norm,
    eps,
    steps: 20,
    stepSize: (2.5 * eps) / 20,
    restarts: 1,
    randomStart: false,
    nQueries: 100,
    nTargetClasses: 3,
    pInit: 0.8,
    ...extra,
  };
}

describe("attack invariants on the fixture model (40 points)", () => {
  for (const kind of ["apgd-ce", "apgd-t", "square", "pgd"] as const)
    for (const norm of ["linf", "l2"] as const) {
      it(`${kind} ${norm}: inside the ε-ball and [0, 1], fooled points verified, never worse than clean`, async () => {
        const a = attackOf(kind, norm, kind === "pgd" ? { randomStart: true, restarts: 2 } : {});
        const signal = new AbortController().signal;
        const adv = await ATTACKS[kind](a, { oracle, x, y, rng: new SeededRandom(1), signal });
        const size = x.length / N;
        const d = adv.map((v, j) => v - x[j]);
        const norms = norm === "linf" ? linfNorms(d, N, size) : l2Norms(d, N, size);
        expect(Math.max(...norms)).toBeLessThanOrEqual(a.eps * (1 + 1e-5) + 1e-6);
        expect(adv.every((v) => v >= 0 && v <= 1)).toBe(true);
        const verdict = verifyAdversarial(oracle, x, Float32Array.from(adv), y, a.eps, norm);
        expect(verdict.outsideBall).toBe(0);
        const advPred = predictions(oracle.logits(adv, N), 10);
        expect(verdict.robust).toEqual(Array.from(advPred, (p, i) => p === y[i]));
        const clean = predictions(oracle.logits(x, N), 10);
        const cleanAcc = clean.filter((p, i) => p === y[i]).length;
        expect(verdict.robust.filter(Boolean).length).toBeLessThanOrEqual(cleanAcc);
      }, 30_000);
    }

  it("apgd-ce linf: the best loss never decreases, per point, over 20 iterations", async () => {
    const history: Float32Array[] = [];
    await ATTACKS["apgd-ce"](attackOf("apgd-ce", "linf"), {
      oracle,
      x,
      y,
      rng: new SeededRandom(2),
      signal: new AbortController().signal,
      onBestLoss: (_, best) => history.push(best),
    });
    expect(history.length).toBe(21);
    let drops = 0;
    for (let t = 1; t < history.length; t++)
      for (let i = 0; i < history[t].length; i++) if (history[t][i] < history[t - 1][i]) drops++;
    expect(drops).toBe(0);
  }, 30_000);

  it("oracle gradient of the summed CE is per example (batch of 2 vs one at a time)", () => {
    const size = x.length / N;
    const both = oracle.lossGradient(x.subarray(0, 2 * size), y.subarray(0, 2), crossEntropyLoss).grad;
    const one = oracle.lossGradient(x.subarray(size, 2 * size), y.subarray(1, 2), crossEntropyLoss).grad;
    let diff = 0;
    for (let j = 0; j < size; j++) diff = Math.max(diff, Math.abs(both[size + j] - one[j]));
    expect(diff).toBeLessThan(1e-5);
  });
});
