import fc from "fast-check";
import type { ConvGeometryOptions } from "../conv-geometry.js";
import type { ConvTransposeGeometryOptions } from "../conv-transpose-geometry.js";
import type { WeightArray } from "../norm-result.js";

/**
 * How kernel values are drawn: spread-out floats (float64 or rounded to float32), or small sparse
 * integers whose sums are exact, so that ties are exact too. @internal
 */
export type ValueKind = "float64" | "float32" | "integers";

/** Attributes plus kernel values of one random case. @internal */
export interface RandomCase<Options> {
  readonly options: Options;
  readonly kind: ValueKind;
  readonly values: number[];
}

/** Size limits of random cases (stride and dilation are always 1–3, pads 0–3). @internal */
export interface CaseLimits {
  readonly rank: number;
  readonly input: number;
  readonly minInput?: number;
  readonly kernel: number;
  readonly group: number;
  /** Input channels per group (of the Conv, or of the ConvTranspose). */
  readonly cinG: number;
  /** Output channels per group. */
  readonly coutG: number;
}

/**
 * ±[0.05, 1), spread evenly: fast-check's doubles favour bounds and shrink towards them, which
 * turns distinct sums into near-ties (equal up to rounding) that no tolerance can order.
 */
const floatWeight = fc
  .noShrink(fc.noBias(fc.integer({ min: -(2 ** 30), max: 2 ** 30 })))
  .map((v) => Math.sign(v || 1) * (0.05 + (0.95 * Math.abs(v)) / 2 ** 30));

const sparseInteger = fc.oneof(fc.constant(0), fc.integer({ min: -2, max: 2 }));

/** The case's kernel as the typed array its kind implies. @internal */
export function kernelOf(c: RandomCase<unknown>): WeightArray {
  return c.kind === "float32" ? Float32Array.from(c.values) : Float64Array.from(c.values);
}

function withValues<Options>(
  options: Options,
  kind: ValueKind,
  n: number,
): fc.Arbitrary<RandomCase<Options>> {
  const value = kind === "integers" ? sparseInteger : floatWeight;
  return fc.array(value, { minLength: n, maxLength: n }).map((values) => ({ options, kind, values }));
}

function commonAttributes(limits: CaseLimits, kinds: readonly ValueKind[]) {
  const axis = (min: number, max: number) =>
    fc.array(fc.integer({ min, max }), { minLength: limits.rank, maxLength: limits.rank });
  return {
    group: fc.integer({ min: 1, max: limits.group }),
    cinG: fc.integer({ min: 1, max: limits.cinG }),
    coutG: fc.integer({ min: 1, max: limits.coutG }),
    input: axis(limits.minInput ?? 1, limits.input),
    kernel: axis(1, limits.kernel),
    strides: axis(1, 3),
    dilations: axis(1, 3),
    pads: fc.array(fc.integer({ min: 0, max: 3 }), {
      minLength: 2 * limits.rank,
      maxLength: 2 * limits.rank,
    }),
    kind: fc.constantFrom(...kinds),
  };
}

const CONV_AUTO_PADS = ["NOTSET", "NOTSET", "NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"] as const;

/**
 * Random valid Conv cases: stride, dilation, groups (depthwise when C_in/g = 1), asymmetric pads,
 * auto_pad, inputs smaller than the kernel (pads are raised just enough to leave one output).
 * @internal
 */
export function convCase(
  limits: CaseLimits,
  kinds: readonly ValueKind[],
): fc.Arbitrary<RandomCase<ConvGeometryOptions>> {
  const rank = limits.rank;
  return fc
    .record({ ...commonAttributes(limits, kinds), autoPad: fc.constantFrom(...CONV_AUTO_PADS) })
    .chain((c) => {
      const extent = c.kernel.map((k, a) => (k - 1) * c.dilations[a] + 1);
      const input = c.autoPad === "VALID" ? c.input.map((x, a) => Math.max(x, extent[a])) : c.input;
      const pads = c.pads.map((p, i) =>
        i < rank ? p : Math.max(p, extent[i - rank] - input[i - rank] - c.pads[i - rank]),
      );
      const options: ConvGeometryOptions = {
        inChannels: c.group * c.cinG,
        outChannels: c.group * c.coutG,
        group: c.group,
        inputSpatial: input,
        kernelSpatial: c.kernel,
        strides: c.strides,
        dilations: c.dilations,
        pads: c.autoPad === "NOTSET" ? pads : [],
        autoPad: c.autoPad,
      };
      return withValues(options, c.kind, options.outChannels * c.cinG * product(c.kernel));
    });
}

const CONV_TRANSPOSE_MODES = ["pads", "pads", "outputShape", "SAME_UPPER", "SAME_LOWER", "VALID"] as const;

/**
 * Random valid ConvTranspose cases: output_padding below max(stride, dilation), explicit pads
 * (clamped to leave one output), auto_pad, or output_shape up to 3 away from the full size
 * (smaller: derived pads; larger: negative pads). Weight layout `[C_in, C_out/g, k...]`.
 * @internal
 */
export function convTransposeCase(
  limits: CaseLimits,
  kinds: readonly ValueKind[],
): fc.Arbitrary<RandomCase<ConvTransposeGeometryOptions>> {
  const rank = limits.rank;
  const perAxis = (min: number, max: number) =>
    fc.array(fc.integer({ min, max }), { minLength: rank, maxLength: rank });
  return fc
    .record({
      ...commonAttributes(limits, kinds),
      mode: fc.constantFrom(...CONV_TRANSPOSE_MODES),
      shapeAutoPad: fc.constantFrom("NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"),
      outputPadding: perAxis(0, 2),
      shapeDelta: perAxis(-3, 3),
    })
    .chain((c) => {
      const op = c.outputPadding.map((p, a) => p % Math.max(c.strides[a], c.dilations[a]));
      const full = c.input.map(
        (x, a) => c.strides[a] * (x - 1) + op[a] + (c.kernel[a] - 1) * c.dilations[a] + 1,
      );
      const begin = c.pads.slice(0, rank).map((p, a) => Math.min(p, full[a] - 1));
      const end = c.pads.slice(rank).map((p, a) => Math.min(p, full[a] - 1 - begin[a]));
      const options: ConvTransposeGeometryOptions = {
        inChannels: c.group * c.cinG,
        outChannels: c.group * c.coutG,
        group: c.group,
        inputSpatial: c.input,
        kernelSpatial: c.kernel,
        strides: c.strides,
        dilations: c.dilations,
        outputPadding: op,
        pads: c.mode === "pads" ? [...begin, ...end] : [],
        outputShape: c.mode === "outputShape" ? full.map((f, a) => Math.max(1, f + c.shapeDelta[a])) : [],
        autoPad: c.mode === "pads" ? "NOTSET" : c.mode === "outputShape" ? c.shapeAutoPad : c.mode,
      };
      return withValues(options, c.kind, options.inChannels * c.coutG * product(c.kernel));
    });
}

function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** Test-case name by configuration, e.g. `x=[4,5,5] k=[3,3] s=[2,1] d=[1,1] p=[1,0,1,0] g=2 o=4 float32`. @internal */
export function caseName(c: RandomCase<ConvGeometryOptions | ConvTransposeGeometryOptions>): string {
  const o = c.options;
  const extras: string[] = [];
  if (o.pads && o.pads.length > 0) extras.push(`p=[${o.pads}]`);
  if (o.autoPad && o.autoPad !== "NOTSET") extras.push(`auto=${o.autoPad}`);
  if ("outputPadding" in o && o.outputPadding?.some((p) => p > 0)) extras.push(`op=[${o.outputPadding}]`);
  if ("outputShape" in o && o.outputShape && o.outputShape.length > 0)
    extras.push(`shape=[${o.outputShape}]`);
  return (
    `x=[${o.inChannels},${o.inputSpatial}] k=[${o.kernelSpatial}] s=[${o.strides}] d=[${o.dilations}] ` +
    `${extras.join(" ")} g=${o.group} o=${o.outChannels} ${c.kind}`
  );
}
