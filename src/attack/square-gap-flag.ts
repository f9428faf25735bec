/** How far (as a fraction of the points) Square may go below the gradient attacks: 0.2 percentage points. */
export const SQUARE_GAP = 0.002;

/**
 * AutoAttack's `check_square_sr`, point-wise: with G the points robust against every gradient
 * attack run (FGSM, PGD, APGD-CE, APGD-T) and S those robust against Square too, flags when
 * (|G| − |G ∩ S|) / N > 0.002, i.e. when Square lowers the worst-case accuracy of the gradient
 * attacks by more than 0.2 points — a sign of gradient masking. Undefined when no flag is due
 * (or when no gradient attack or no Square ran).
 */
export function squareGapFlag(
  perAttack: readonly { kind: string; robust: readonly boolean[] }[],
  n: number,
): string | undefined {
  const gradient = perAttack.filter((a) => a.kind !== "square");
  const square = perAttack.filter((a) => a.kind === "square");
  if (gradient.length === 0 || square.length === 0 || n === 0) return undefined;
  let g = 0;
  let gs = 0;
  for (let i = 0; i < n; i++) {
    if (!gradient.every((a) => a.robust[i])) continue;
    g++;
    if (square.every((a) => a.robust[i])) gs++;
  }
  const gap = (g - gs) / n;
  if (gap <= SQUARE_GAP) return undefined;
  return `square-beats-gradients: Square lowers the gradient attacks' robust accuracy from ${((100 * g) / n).toFixed(2)}% to ${((100 * gs) / n).toFixed(2)}% (more than 0.2 points): gradients may be masked`;
}
