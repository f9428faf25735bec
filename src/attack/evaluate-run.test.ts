import { describe, expect, it } from "vitest";
import { AttackType, fixtureRequest, spec, ThreatNorm } from "./testing/attack-fixture.js";
import { runEvaluationJob } from "./testing/run-fixture-job.js";

const L2 = { norm: ThreatNorm.THREAT_NORM_L2 };
/** Byte equality (vitest's deep equality is slow on 300 kB arrays). */
const same = (a?: Uint8Array, b?: Uint8Array) =>
  a !== undefined && b !== undefined && Buffer.from(a).equals(Buffer.from(b));

describe("Evaluate job runs on the fixture", () => {
  it("same seed → same numbers and adversarials; another seed moves the random attacks", async () => {
    const attacks = [
      spec(AttackType.ATTACK_TYPE_APGD_CE, 0.03, { steps: 10 }),
      spec(AttackType.ATTACK_TYPE_SQUARE, 0.5, { ...L2, nQueries: 30 }),
      spec(AttackType.ATTACK_TYPE_PGD, 0.03, { steps: 5, randomStart: true }),
    ];
    const request = fixtureRequest(attacks, { seed: 7, returnAdversarial: true, batchSize: 50 });
    const a = await runEvaluationJob(request);
    const b = await runEvaluationJob(request);
    expect(b.completed.robust).toEqual(a.completed.robust);
    for (let k = 0; k < attacks.length; k++) {
      expect(b.results[k].robust).toEqual(a.results[k].robust);
      expect(same(b.results[k].adversarial?.data, a.results[k].adversarial?.data)).toBe(true);
      expect(a.results[k].adversarial?.shape).toEqual([100, 1, 28, 28]);
    }
    const c = await runEvaluationJob({ ...request, seed: 8 });
    expect(same(c.results[1].adversarial?.data, a.results[1].adversarial?.data)).toBe(false);
  }, 60_000);

  it("events: attack_progress per batch, one attack_result per attack, evaluate_completed with the worst case", async () => {
    const run = await runEvaluationJob(
      fixtureRequest(
        [spec(AttackType.ATTACK_TYPE_FGSM, 0.03), spec(AttackType.ATTACK_TYPE_PGD, 0.03, { steps: 5 })],
        { batchSize: 40 },
      ),
    );
    const kinds = run.events.map((e) => e.$case);
    expect(kinds).toEqual([
      ...Array(3).fill("attackProgress"),
      "attackResult",
      ...Array(3).fill("attackProgress"),
      "attackResult",
      "evaluateCompleted",
    ]);
    const worst = run.results[0].robust.map((r, i) => r && run.results[1].robust[i]);
    expect(run.completed.robust).toEqual(worst);
    expect(run.completed.robustAccuracy).toBeCloseTo(worst.filter(Boolean).length / 100, 9);
    expect(run.completed.flags).toEqual([]);
    expect(run.results[0].adversarial).toBeUndefined();
  }, 60_000);

  it("cascade attacks only the points still robust and ends at the same worst case as the union", async () => {
    const attacks = [
      spec(AttackType.ATTACK_TYPE_FGSM, 0.03),
      spec(AttackType.ATTACK_TYPE_PGD, 0.03, { steps: 5 }),
    ];
    const cascade = await runEvaluationJob(fixtureRequest(attacks, { cascade: true }));
    const progress = cascade.events.flatMap((e) => (e.$case === "attackProgress" ? [e.value] : []));
    const fgsmRobust = cascade.results[0].robust.filter(Boolean).length;
    expect(progress.at(-1)?.pointsTotal).toBe(fgsmRobust);
    const standalone = await runEvaluationJob(fixtureRequest(attacks));
    expect(cascade.completed.robustAccuracy).toBeCloseTo(standalone.completed.robustAccuracy, 9);
  }, 60_000);

  it("leaves no tensor behind (every attack kind, both norms)", async () => {
    const tf = await import("@tensorflow/tfjs-core");
    const request = fixtureRequest(
      [
        spec(AttackType.ATTACK_TYPE_FGSM, 0.03),
        spec(AttackType.ATTACK_TYPE_PGD, 0.5, { ...L2, steps: 2, randomStart: true }),
        spec(AttackType.ATTACK_TYPE_APGD_T, 0.03, { steps: 3, nTargetClasses: 2 }),
        spec(AttackType.ATTACK_TYPE_SQUARE, 0.03, { nQueries: 5 }),
      ],
      { batchSize: 50 },
    );
    await runEvaluationJob(request);
    const before = tf.memory().numTensors;
    await runEvaluationJob(request);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it("gradient-masking sanity: pgd-linf robust accuracy falls as ε grows and reaches ~0 at ε = 0.5", async () => {
    const epsilons = [0.005, 0.02, 0.05, 0.15, 0.5];
    const run = await runEvaluationJob(
      fixtureRequest(epsilons.map((eps) => spec(AttackType.ATTACK_TYPE_PGD, eps, { steps: 10 }))),
    );
    const acc = run.results.map((r) => r.robustAccuracy);
    console.info(`pgd-linf robust accuracy at ε=${epsilons.join(", ")}: ${acc.join(", ")}`);
    for (let k = 1; k < acc.length; k++) expect(acc[k]).toBeLessThanOrEqual(acc[k - 1]);
    expect(acc[0]).toBeGreaterThan(0.5);
    expect(acc.at(-1)).toBeLessThanOrEqual(0.02);
  }, 60_000);

  it("cancellation: an aborted signal stops the run", async () => {
    const { prepareEvaluateJob } = await import("./prepare-evaluate-job.js");
    const { fakeJobContext } = await import("./testing/fake-job-context.js");
    const job = await prepareEvaluateJob(fixtureRequest([spec(AttackType.ATTACK_TYPE_APGD_CE, 0.03)]), {
      readArtifact: async () => undefined,
      jobState: () => undefined,
    });
    const ctx = await fakeJobContext();
    ctx.controller.abort(new Error("cancelled"));
    await expect(job.run(ctx)).rejects.toThrow("cancelled");
  });

  it("cancellation mid-attack: abort after the first batch stops before the second", async () => {
    const { prepareEvaluateJob } = await import("./prepare-evaluate-job.js");
    const { fakeJobContext } = await import("./testing/fake-job-context.js");
    const job = await prepareEvaluateJob(
      fixtureRequest([spec(AttackType.ATTACK_TYPE_APGD_CE, 0.03, { steps: 100 })], { batchSize: 20 }),
      { readArtifact: async () => undefined, jobState: () => undefined },
    );
    const ctx = await fakeJobContext();
    const emit = ctx.emit;
    const t0 = performance.now();
    await expect(
      job.run({
        ...ctx,
        emit: (e) => {
          emit(e);
          if (e.$case === "attackProgress") ctx.controller.abort(new Error("cancelled by test"));
        },
      }),
    ).rejects.toThrow("cancelled by test");
    expect(ctx.events.filter((e) => e.$case === "attackProgress")).toHaveLength(1);
    expect(performance.now() - t0).toBeLessThan(30_000);
  }, 60_000);
});
