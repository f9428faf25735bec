/** mulberry32's state increment: each draw adds it to the 32-bit state. */
const MULBERRY32_STEP = 0x6d2b79f5;

/** The next mulberry32 state after `state`. */
export function mulberry32Advance(state: number): number {
  return (state + MULBERRY32_STEP) >>> 0;
}

/** mulberry32's 32-bit output for an (already advanced) state. */
export function mulberry32Word(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/**
 * A seeded generator of floats in [0, 1) (mulberry32: 32-bit state, integer arithmetic only), so a
 * seed gives the same sequence on every platform (zoo initialisation, test data).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = mulberry32Advance(state);
    return mulberry32Word(state) / 4294967296;
  };
}
