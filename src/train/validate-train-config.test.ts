import { describe, expect, it } from "vitest";
import { NormserveError } from "../errors/normserve-error.js";
import { AttackSpec, AttackType, ThreatNorm } from "../gen/normserve/v1/evaluate.js";
import { smallTrainRequest } from "./testing/train-request.js";
import { validateTrainConfig } from "./validate-train-config.js";

const spec = (over: Partial<AttackSpec>): AttackSpec =>
  AttackSpec.fromPartial({ type: AttackType.ATTACK_TYPE_PGD, eps: 0.1, randomStart: true, ...over });

const adversarial = (over: Partial<AttackSpec>) =>
  validateTrainConfig(smallTrainRequest({ adversarial: spec(over) }), 3).adversarial;

describe("validateTrainConfig: the adversarial spec goes through src/attack's resolver", () => {
  it("PGD eps=0.1 defaults: 10 steps of 2.5ε/10, 1 restart, L∞, random start kept", () => {
    expect(adversarial({})).toMatchObject({
      kind: "pgd",
      norm: "linf",
      eps: 0.1,
      steps: 10,
      stepSize: 0.025,
      restarts: 1,
      randomStart: true,
    });
  });

  it("FGSM eps=0.2: the src/attack FGSM (one step of ε)", () => {
    expect(adversarial({ type: AttackType.ATTACK_TYPE_FGSM, eps: 0.2 })).toMatchObject({
      kind: "fgsm",
      eps: 0.2,
      steps: 1,
    });
  });

  for (const [name, over, message] of [
    ["norm L2", { norm: ThreatNorm.THREAT_NORM_L2 }, /^adversarial\.norm:/],
    ["step_size < 0", { stepSize: -0.01 }, /^adversarial\.step_size:/],
    ["steps > 10 000", { steps: 10_001 }, /^adversarial\.steps:/],
    ["restarts < 0", { restarts: -1 }, /^adversarial\.restarts:/],
  ] as const)
    it(`throws INVALID_ARGUMENT when ${name}`, () => {
      const error = (() => {
        try {
          adversarial(over);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(NormserveError);
      expect((error as NormserveError).code).toBe("INVALID_ARGUMENT");
      expect((error as Error).message).toMatch(message);
    });
});
