import { predictions } from "./attack-losses.js";
import type { ModelOracle } from "./model-oracle.js";
import type { ThreatNormName } from "./threat-ball.js";

/** Relative and absolute slack of the ε-ball check: float32 x ± ε can round a hair past ε. */
export const EPS_TOLERANCE = { relative: 1e-4, absolute: 1e-6 } as const;

/** The verdict on one batch of adversarial examples. */
export interface Verification {
  /** Per point: still correctly classified (or its adversarial failed a check). */
  readonly robust: boolean[];
  /** Points whose adversarial is misclassified but lies outside the ε-ball (counted robust). */
  readonly outsideBall: number;
}

/**
 * Checks a batch before anything is reported: `adv` is clipped to [0, 1] in place, each point's
 * ‖adv − x‖ is compared with ε (with {@link EPS_TOLERANCE}), and the model is run again on `adv`.
 * Adversarials outside the ball are replaced by the clean point. A point counts non-robust only when its adversarial is finite, inside the ball and misclassified.
 */
export function verifyAdversarial(
  oracle: ModelOracle,
  x: Float32Array,
  adv: Float32Array,
  y: Int32Array,
  eps: number,
  norm: ThreatNormName,
): Verification {
  const n = y.length;
  const size = x.length / n;
  const inBall: boolean[] = [];
  for (let i = 0; i < n; i++) {
    let acc = 0;
    let finite = true;
    for (let j = i * size; j < (i + 1) * size; j++) {
      if (!Number.isFinite(adv[j])) {
        finite = false;
        adv[j] = x[j];
      }
      adv[j] = Math.min(Math.max(adv[j], 0), 1);
      const d = Math.abs(adv[j] - x[j]);
      acc = norm === "linf" ? Math.max(acc, d) : acc + d * d;
    }
    const size2 = norm === "linf" ? acc : Math.sqrt(acc);
    const ok = finite && size2 <= eps * (1 + EPS_TOLERANCE.relative) + EPS_TOLERANCE.absolute;
    inBall.push(ok);
  }
  const pred = predictions(oracle.logits(adv, n), oracle.classes);
  let outsideBall = 0;
  const robust = Array.from(y, (label, i) => {
    const miss = pred[i] !== label;
    if (miss && !inBall[i]) outsideBall++;
    // Never hand back an example outside the ball: the clean point stands in for it.
    if (!inBall[i]) adv.set(x.subarray(i * size, (i + 1) * size), i * size);
    return !(miss && inBall[i]);
  });
  return { robust, outsideBall };
}
