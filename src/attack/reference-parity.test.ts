import { describe, expect, it } from "vitest";
import {
  type AttackReference,
  AttackType,
  attackReference,
  fixtureRequest,
  spec,
  ThreatNorm,
} from "./testing/attack-fixture.js";
import { runEvaluationJob } from "./testing/run-fixture-job.js";

const ref: AttackReference = attackReference();
/** A point whose reference adversarial has a top-2 logit gap below this sits on the boundary. */
const BOUNDARY = 1e-3;

function compare(
  name: string,
  robust: readonly boolean[],
  reference: { robust: boolean[]; margin: number[] },
) {
  const differ = robust.flatMap((r, i) => (r !== reference.robust[i] ? [i] : []));
  const nearBoundary = differ.filter((i) => reference.margin[i] < BOUNDARY);
  if (differ.length > 0)
    console.info(
      `${name}: points differing from PyTorch: [${differ.join(", ")}], near the boundary: [${nearBoundary.join(", ")}]`,
    );
  expect(
    differ.filter((i) => reference.margin[i] >= BOUNDARY),
    `${name}: points off the boundary that differ`,
  ).toEqual([]);
}

describe("FGSM and PGD (no random start) match the PyTorch fixture", () => {
  it(`fgsm ε=${ref.eps_linf}, pgd-linf ε=${ref.eps_linf}, pgd-l2 ε=${ref.eps_l2}: same points fooled`, async () => {
    const run = await runEvaluationJob(
      fixtureRequest([
        spec(AttackType.ATTACK_TYPE_FGSM, ref.eps_linf),
        spec(AttackType.ATTACK_TYPE_PGD, ref.eps_linf, {
          steps: ref.pgd_linf.steps,
          stepSize: ref.pgd_linf.step_size,
        }),
        spec(AttackType.ATTACK_TYPE_PGD, ref.eps_l2, {
          norm: ThreatNorm.THREAT_NORM_L2,
          steps: ref.pgd_l2.steps,
          stepSize: ref.pgd_l2.step_size,
        }),
      ]),
    );
    expect(run.completed.cleanAccuracy).toBeCloseTo(ref.clean_accuracy, 6);
    const [fgsm, pgdLinf, pgdL2] = run.results;
    compare("fgsm", fgsm.robust, ref.fgsm);
    compare("pgd-linf", pgdLinf.robust, ref.pgd_linf);
    compare("pgd-l2", pgdL2.robust, ref.pgd_l2);
    const mean = (r: boolean[]) => r.filter(Boolean).length / r.length;
    expect(Math.abs(fgsm.robustAccuracy - mean(ref.fgsm.robust))).toBeLessThanOrEqual(0.02);
    expect(Math.abs(pgdLinf.robustAccuracy - mean(ref.pgd_linf.robust))).toBeLessThanOrEqual(0.02);
    expect(Math.abs(pgdL2.robustAccuracy - mean(ref.pgd_l2.robust))).toBeLessThanOrEqual(0.02);
    console.info(
      `fgsm ${fgsm.robustAccuracy} (torch ${mean(ref.fgsm.robust)}), pgd-linf ${pgdLinf.robustAccuracy} (torch ${mean(ref.pgd_linf.robust)}), pgd-l2 ${pgdL2.robustAccuracy} (torch ${mean(ref.pgd_l2.robust)})`,
    );
  }, 60_000);
});

describe("APGD-CE, APGD-T and Square land near torchattacks (a port of fra31/auto-attack)", () => {
  /** 3 of 100 points for APGD (its random start differs), 6 for Square's random search at 300 queries. */
  const TOLERANCE = { apgd: 0.03, square: 0.06 } as const;
  for (const norm of ["linf", "l2"] as const) {
    const eps = norm === "linf" ? ref.eps_linf : ref.eps_l2;
    const n = { norm: norm === "linf" ? ThreatNorm.THREAT_NORM_LINF : ThreatNorm.THREAT_NORM_L2 };
    it(`${norm} ε=${eps}: apgd-ce 100 it., apgd-t 100 it. 3 targets, square 300 queries`, async () => {
      const run = await runEvaluationJob(
        fixtureRequest([
          spec(AttackType.ATTACK_TYPE_APGD_CE, eps, { ...n, steps: 100 }),
          spec(AttackType.ATTACK_TYPE_APGD_T, eps, { ...n, steps: 100, nTargetClasses: 3 }),
          spec(AttackType.ATTACK_TYPE_SQUARE, eps, { ...n, nQueries: 300, pInit: 0.8 }),
        ]),
      );
      const [ce, t, sq] = run.results.map((r) => r.robustAccuracy);
      const want = [ref[`apgd_ce_${norm}`], ref[`apgd_t3_${norm}`], ref[`square_${norm}`]] as number[];
      console.info(
        `${norm}: apgd-ce ${ce} (ref ${want[0]}), apgd-t ${t} (ref ${want[1]}), square ${sq} (ref ${want[2]})`,
      );
      expect(Math.abs(ce - want[0])).toBeLessThanOrEqual(TOLERANCE.apgd);
      expect(Math.abs(t - want[1])).toBeLessThanOrEqual(TOLERANCE.apgd);
      expect(Math.abs(sq - want[2])).toBeLessThanOrEqual(TOLERANCE.square);
      expect(run.completed.flags.filter((f) => f.startsWith("verification"))).toEqual([]);
    }, 90_000);
  }
});
