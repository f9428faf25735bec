import fc from "fast-check";
import { type ConvGeometry, makeConvGeometry } from "../conv-geometry.js";

/**
 * Random small zero-padded 2-d convs: n ∈ 1..6, k ∈ 1..3, s ∈ 1..3, d ∈ 1..2, pads 0..2 each
 * side (asymmetric), groups 1..2, ≤ 4 channels; configurations without output are skipped.
 * @internal
 */
export function zeroPadConvArbitrary(): fc.Arbitrary<{ geometry: ConvGeometry; seed: number }> {
  const axis = fc.record({
    n: fc.integer({ min: 1, max: 6 }),
    k: fc.integer({ min: 1, max: 3 }),
    s: fc.integer({ min: 1, max: 3 }),
    d: fc.integer({ min: 1, max: 2 }),
    p0: fc.integer({ min: 0, max: 2 }),
    p1: fc.integer({ min: 0, max: 2 }),
  });
  return fc
    .record({
      h: axis,
      w: axis,
      group: fc.integer({ min: 1, max: 2 }),
      cin: fc.integer({ min: 1, max: 2 }),
      cout: fc.integer({ min: 1, max: 2 }),
      seed: fc.nat(),
    })
    .filter(({ h, w }) => [h, w].every((a) => a.n + a.p0 + a.p1 >= (a.k - 1) * a.d + 1))
    .map(({ h, w, group, cin, cout, seed }) => ({
      geometry: makeConvGeometry({
        inChannels: group * cin,
        outChannels: group * cout,
        group,
        inputSpatial: [h.n, w.n],
        kernelSpatial: [h.k, w.k],
        strides: [h.s, w.s],
        dilations: [h.d, w.d],
        pads: [h.p0, w.p0, h.p1, w.p1],
      }),
      seed,
    }));
}
