import fc from "fast-check";
import { type ConvGeometry, ConvGeometryError, makeConvGeometry } from "../conv-geometry.js";
import { mulberry32 } from "../mulberry32.js";

/**
 * `n` weights uniform in ±[0.05, 1) with random signs (never zero, never near a sign flip). @internal
 */
export function randomWeights(n: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  return Float64Array.from({ length: n }, () => (rand() < 0.5 ? -1 : 1) * (0.05 + 0.95 * rand()));
}

/** Random ±1 direction of length `n`. @internal */
export function randomSigns(n: number, seed: number): Float64Array {
  const rand = mulberry32(seed ^ 0x5bd1e995);
  return Float64Array.from({ length: n }, () => (rand() < 0.5 ? -1 : 1));
}

/** Raw conv attributes drawn by {@link convConfigArbitrary}. @internal */
export interface ConvConfig {
  readonly group: number;
  readonly cinPerGroup: number;
  readonly coutPerGroup: number;
  readonly input: number[];
  readonly kernel: number[];
  readonly strides: number[];
  readonly dilations: number[];
  readonly pads: number[];
}

/** Test-case name by configuration, e.g. `x=[4,5,5] k=[3,3] s=[2,1] d=[1,1] p=[1,0,1,0] g=2 o=4`. @internal */
export function convConfigName(c: ConvConfig): string {
  return (
    `x=[${c.group * c.cinPerGroup},${c.input}] k=[${c.kernel}] s=[${c.strides}] d=[${c.dilations}] ` +
    `p=[${c.pads}] g=${c.group} o=${c.group * c.coutPerGroup}`
  );
}

/** Geometry of `c`, or undefined when the attributes give no output (kernel beyond the padded input). @internal */
export function convConfigGeometry(c: ConvConfig): ConvGeometry | undefined {
  try {
    return makeConvGeometry({
      inChannels: c.group * c.cinPerGroup,
      outChannels: c.group * c.coutPerGroup,
      group: c.group,
      inputSpatial: c.input,
      kernelSpatial: c.kernel,
      strides: c.strides,
      dilations: c.dilations,
      pads: c.pads,
    });
  } catch (e) {
    if (e instanceof ConvGeometryError) return undefined;
    throw e;
  }
}

/**
 * Small random conv configurations, rank 1–2: stride, dilation, groups, asymmetric pads and
 * inputs smaller than the kernel extent (so not every tap is valid everywhere). @internal
 */
export function convConfigArbitrary(): fc.Arbitrary<ConvConfig> {
  return fc.integer({ min: 1, max: 2 }).chain((rank) => {
    const axis = (min: number, max: number) =>
      fc.array(fc.integer({ min, max }), { minLength: rank, maxLength: rank });
    return fc.record({
      group: fc.integer({ min: 1, max: 3 }),
      cinPerGroup: fc.integer({ min: 1, max: 3 }),
      coutPerGroup: fc.integer({ min: 1, max: 3 }),
      input: axis(1, 7),
      kernel: axis(1, 4),
      strides: axis(1, 3),
      dilations: axis(1, 3),
      pads: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2 * rank, maxLength: 2 * rank }),
    });
  });
}
