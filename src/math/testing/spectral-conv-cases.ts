import fc from "fast-check";
import { type ConvGeometry, makeConvGeometry } from "../conv-geometry.js";

/** A small random 2-d conv for spectral brute-force tests. @internal */
export interface SpectralConvCase {
  readonly geometry: ConvGeometry;
  readonly seed: number;
}

/**
 * Random 2-d convs with n ∈ 4..6 per axis divisible by s ∈ 1..2, k ∈ 1..3, d ∈ 1..2, groups
 * 1..2, 1..4 channels per side; pads make every kernel fit. @internal
 */
export function spectralConvArbitrary(): fc.Arbitrary<SpectralConvCase> {
  const axis = fc
    .record({
      s: fc.integer({ min: 1, max: 2 }),
      k: fc.integer({ min: 1, max: 3 }),
      d: fc.integer({ min: 1, max: 2 }),
    })
    .chain(({ s, k, d }) =>
      fc.integer({ min: Math.ceil(4 / s), max: Math.floor(6 / s) }).map((q) => ({ s, k, d, n: s * q })),
    );
  return fc
    .record({
      h: axis,
      w: axis,
      group: fc.integer({ min: 1, max: 2 }),
      cin: fc.integer({ min: 1, max: 4 }),
      cout: fc.integer({ min: 1, max: 4 }),
      seed: fc.nat(),
    })
    .map(({ h, w, group, cin, cout, seed }) => {
      const k = [h.k, w.k];
      const d = [h.d, w.d];
      const pad = k.map((kk, a) => (kk - 1) * d[a]);
      const geometry = makeConvGeometry({
        inChannels: group === 1 ? cin : 2 * Math.ceil(cin / 2),
        outChannels: group === 1 ? cout : 2 * Math.ceil(cout / 2),
        group,
        inputSpatial: [h.n, w.n],
        kernelSpatial: k,
        strides: [h.s, w.s],
        dilations: d,
        pads: [...pad, ...pad],
      });
      return { geometry, seed };
    });
}

/** Largest |a − b| / (|b| + floor) between two descending lists of equal length. @internal */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor: number): number {
  let e = 0;
  for (let i = 0; i < b.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]) / (Math.abs(b[i]) + floor));
  return e;
}
