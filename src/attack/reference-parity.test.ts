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
