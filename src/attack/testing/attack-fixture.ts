import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type AttackSpec,
  AttackType,
  type EvaluateRequest,
  ThreatNorm,
} from "../../gen/normserve/v1/evaluate.js";

/** Directory of the PyTorch-exported fixture (test/fixtures/attack-reference.py). @internal */
export const FIXTURE_DIR = join(import.meta.dirname, "../../../test/fixtures/attack");

/** One reference attack's per-point flags and top-2 margins on its adversarials. @internal */
export interface ReferenceFlags {
  readonly robust: boolean[];
  readonly margin: number[];
  readonly steps?: number;
  readonly step_size?: number;
}

/** test/fixtures/attack/reference.json. @internal */
export interface AttackReference {
  readonly clean_accuracy: number;
  readonly eps_linf: number;
  readonly eps_l2: number;
  readonly n: number;
  readonly fgsm: ReferenceFlags;
  readonly pgd_linf: ReferenceFlags;
  readonly pgd_l2: ReferenceFlags;
  readonly eps_sweep: Record<string, number>;
  readonly reference?: string;
  readonly [key: `${string}_${"linf" | "l2"}`]: number | ReferenceFlags;
}

/** The fixture's reference results. @internal */
export function attackReference(): AttackReference {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, "reference.json"), "utf8")) as AttackReference;
}

/** The fixture model's ONNX bytes. @internal */
export function fixtureModel(): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURE_DIR, "model.onnx")));
}

/** An AttackSpec with zero defaults. @internal */
export function spec(type: AttackType, eps: number, extra: Partial<AttackSpec> = {}): AttackSpec {
  return {
    type,
    norm: ThreatNorm.THREAT_NORM_LINF,
    eps,
    steps: 0,
    stepSize: 0,
    restarts: 0,
    randomStart: false,
    nQueries: 0,
    nTargetClasses: 0,
    pInit: 0,
    ...extra,
  };
}

/** An Evaluate request on the fixture (model bytes, its 100 points by path). @internal */
export function fixtureRequest(attacks: AttackSpec[], extra: Partial<EvaluateRequest> = {}): EvaluateRequest {
  return {
    model: { $case: "onnxModel", value: fixtureModel() },
    data: { source: { $case: "path", value: FIXTURE_DIR }, format: 0, split: 0, limit: 0 },
    attacks,
    batchSize: 100,
    seed: 0,
    cascade: false,
    returnAdversarial: false,
    preset: "",
    eps: 0,
    norm: ThreatNorm.THREAT_NORM_UNSPECIFIED,
    ...extra,
  };
}

export { AttackType, ThreatNorm };
