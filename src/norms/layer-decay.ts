import { invalidArgument } from "../errors/normserve-error.js";
import type { AbsSumNormKind } from "../math/conv-maximiser-weights.js";
import { normDecayStep } from "../math/norm-decay.js";
import type { NormResult, WeightArray } from "../math/norm-result.js";
import { layerWeight } from "./layer-maximiser.js";
import { layerSubgradient } from "./layer-subgradient.js";
import type { LinearOperatorLayer } from "./linear-layer.js";

/** One layer's decay request. */
export interface LayerDecayOptions {
  /** Which norm to decay. */
  readonly norm: AbsSumNormKind;
  /** β (finite). */
  readonly beta: number;
  /** μ in [0, 1]; 0 for stateless use. */
  readonly momentum: number;
  /** `∇W`, shaped like the weight (γ for batch norm); the result is then `∇W + β·G`. */
  readonly gradient?: WeightArray;
  /** `G` from the previous step (owned by the caller's session), updated in place; zeros if omitted. */
  readonly state?: Float64Array;
  /** Where to write the result (weight-sized, e.g. a float32 view of the response buffer). */
  readonly out?: Float32Array | Float64Array;
}

/** One layer's decay result. */
export interface LayerDecayResult {
  /** Norm before the step, with the maximiser that set `G`. */
  readonly normBefore: NormResult;
  /** Flat weight indices where `G` was set this step. */
  readonly weightIndices: Int32Array;
  /** `β·G`, or `∇W + β·G` when a gradient was given: `options.out`, else a new Float64Array. */
  readonly decay: Float32Array | Float64Array;
  /** `β·G ≡ 0`: nothing to send back for this layer. */
  readonly decayIsZero: boolean;
  /** `G` after the step: `options.state` itself when given, else a new array to keep. */
  readonly state: Float64Array;
}

/**
 * One norm-decay step for one layer (DESIGN §2) on a dense `G`. The maximiser is the one
 * ComputeNorms reports (same code, same tie rule: lowest channel, then lowest position in
 * row-major order). `G` is set on its weights to the subgradient of {@link layerSubgradient}.
 * (The server keeps `G` sparse per session instead: see `modelNormDecay`.)
 * Throws INVALID_ARGUMENT (naming the layer) for bad parameters, sizes or weights.
 */
export function layerNormDecay(layer: LinearOperatorLayer, options: LayerDecayOptions): LayerDecayResult {
  const { beta, momentum, gradient } = options;
  const name = layer.nodeName;
  if (!Number.isFinite(beta)) throw invalidArgument(`${name}: beta must be finite, got ${beta}`);
  if (!(momentum >= 0 && momentum <= 1))
    throw invalidArgument(`${name}: momentum must be in [0, 1], got ${momentum}`);
  const weight = layerWeight(layer);
  if (gradient !== undefined && gradient.length !== weight.length)
    throw invalidArgument(
      `${name}: gradient has ${gradient.length} elements, weight '${layer.weightName}' has ${weight.length}`,
    );
  if (options.out !== undefined && options.out.length !== weight.length)
    throw invalidArgument(`${name}: output has ${options.out.length} elements, weight has ${weight.length}`);
  if (options.state !== undefined && options.state.length !== weight.length)
    throw invalidArgument(
      `${name}: decay state has ${options.state.length} elements, weight '${layer.weightName}' has ${weight.length}`,
    );
  const { norm, indices, subgradient } = layerSubgradient(layer, options.norm);
  const state = options.state ?? new Float64Array(weight.length);
  const step = normDecayStep(state, indices, subgradient, { beta, momentum }, gradient, options.out);
  return {
    normBefore: norm,
    weightIndices: indices,
    decay: step.decay,
    decayIsZero: step.decayIsZero,
    state,
  };
}
