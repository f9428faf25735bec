import fc from "fast-check";
import type { ConvGeometry } from "../../math/conv-geometry.js";
import { makeConvTransposeAdjointGeometry } from "../../math/conv-transpose-geometry.js";
import { mulberry32 } from "../../math/mulberry32.js";
import { caseName, convTransposeCase, kernelOf } from "../../math/testing/conv-case-arbitraries.js";
import {
  convConfigArbitrary,
  convConfigGeometry,
  convConfigName,
  randomWeights,
} from "../../math/testing/random-conv.js";
import type { LinearOperatorLayer } from "../linear-layer.js";
import {
  kernelSize,
  testBatchNormLayer,
  testConvLayer,
  testConvTransposeLayer,
  testLinearLayer,
} from "./test-layers.js";

/** A random layer with a name by configuration. @internal */
export interface LayerCase {
  readonly layer: LinearOperatorLayer;
  readonly name: string;
  /** Integer weights: every abs sum is exact in float64, so ties are exact and the tie rule observable. */
  readonly exact: boolean;
}

/** Integers in [−2, 2] (zeros and ties included). */
function integerWeights(n: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  return Float64Array.from({ length: n }, () => Math.floor(rand() * 5) - 2);
}

const convGeometries = convConfigArbitrary()
  .map((config) => ({ config, geometry: convConfigGeometry(config) }))
  .filter((c): c is { config: typeof c.config; geometry: ConvGeometry } => c.geometry !== undefined);

/**
 * Random conv, ConvTranspose (as its adjoint conv), linear (plain/transposed storage, alpha) and
 * batch-norm layers. `ties: false` always draws continuous weights (unique sums almost surely);
 * otherwise half the cases have integer weights in [−2, 2]. @internal
 */
export function layerCaseArbitrary(options: { ties?: boolean } = {}): fc.Arbitrary<LayerCase> {
  const ties = options.ties === false ? fc.constant(false) : fc.boolean();
  const weights = (n: number, seed: number, exact: boolean) =>
    exact ? integerWeights(n, seed) : randomWeights(n, seed);
  const conv = fc
    .tuple(convGeometries, fc.integer(), ties, fc.boolean())
    .map(([c, seed, exact, transpose]) => {
      const w = weights(kernelSize(c.geometry), seed, exact);
      const layer = transpose ? testConvTransposeLayer(c.geometry, w) : testConvLayer(c.geometry, w);
      const name = `${transpose ? "ConvTranspose adjoint" : "Conv"} ${convConfigName(c.config)}`;
      return { layer, name, exact };
    });
  const linear = fc
    .tuple(
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 5 }),
      fc.boolean(),
      fc.constantFrom(1, -0.5, 2.5),
      fc.integer(),
      ties,
    )
    .map(([rows, cols, transposed, scale, seed, exact]) => ({
      layer: testLinearLayer(weights(rows * cols, seed, exact), rows, cols, transposed, scale),
      name: `Gemm rows=${rows} cols=${cols} transposed=${transposed} alpha=${scale}`,
      exact,
    }));
  const batchNorm = fc
    .tuple(fc.integer({ min: 1, max: 6 }), fc.integer(), ties)
    .map(([channels, seed, exact]) => {
      const gamma = weights(channels, seed, exact).map((v) => (exact ? v : 3 * v));
      const variance = exact
        ? new Float64Array(channels).fill(3)
        : randomWeights(channels, seed + 1).map((v) => 2 * Math.abs(v));
      return {
        layer: testBatchNormLayer(gamma, variance, exact ? 1 : 1e-5),
        name: `BatchNormalization channels=${channels}`,
        exact,
      };
    });
  // Real ConvTransposes too (output_padding/output_shape/auto_pad, hence negative adjoint pads).
  const convTranspose = ties
    .chain((exact) =>
      convTransposeCase({ rank: 2, input: 4, kernel: 3, group: 2, cinG: 2, coutG: 2 }, [
        exact ? "integers" : "float64",
      ]),
    )
    .map((c) => ({
      layer: testConvTransposeLayer(makeConvTransposeAdjointGeometry(c.options), kernelOf(c)),
      name: `ConvTranspose ${caseName(c)}`,
      exact: c.kind === "integers",
    }));
  return fc.oneof(conv, conv, convTranspose, linear, batchNorm);
}
