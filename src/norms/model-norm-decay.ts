import { invalidArgument } from "../errors/normserve-error.js";
import type { AbsSumNormKind } from "../math/conv-maximiser-weights.js";
import type { NormResult, WeightArray } from "../math/norm-result.js";
import { SparseDecayState } from "../math/sparse-decay-state.js";
import type { DecaySession } from "./decay-session-store.js";
import { layerWeight } from "./layer-maximiser.js";
import { layerSubgradient } from "./layer-subgradient.js";
import type { LinearOperatorLayer } from "./linear-layer.js";

/** Where the momentum state lives between calls. */
export interface DecayStateSource {
  /** The session holding each layer's `G`. */
  readonly session: DecaySession;
  /** Throws (RESOURCE_EXHAUSTED) unless `bytes` more state fit; called before any state changes. */
  reserve(bytes: number): void;
}

/** Options of {@link modelNormDecay}. */
export interface ModelDecayOptions {
  /** Which norm to decay. */
  readonly norm: AbsSumNormKind;
  /** β (finite). */
  readonly beta: number;
  /** μ in [0, 1]. */
  readonly momentum: number;
  /** Layer kinds to regularise. */
  readonly kinds: ReadonlySet<LinearOperatorLayer["kind"]>;
  /** `∇W` by weight name, each with the weight's element count; a layer with one gets `∇W + β·G`. */
  readonly gradients?: ReadonlyMap<string, WeightArray>;
  /** The session's state; without one every layer starts from `G = 0` and nothing is kept. */
  readonly state?: DecayStateSource;
  /** The caller already rejected non-finite weights and variances (the wire and ONNX decoders do). */
  readonly weightsChecked?: boolean;
  /**
   * Write `∇W + β·G` into the gradient arrays themselves when their type matches the weight's
   * (the server does: they are views of its own request buffer), saving an allocation and a copy.
   */
  readonly inPlace?: boolean;
}

/** One regularised layer's step. */
export interface LayerDecayOutcome {
  readonly layer: LinearOperatorLayer;
  /** Norm before the step, with its maximiser. */
  readonly normBefore: NormResult;
  /**
   * `β·G`, or `∇W + β·G` when a gradient was given, in the weight's precision (Float32Array for a
   * float32 weight); undefined when `β·G ≡ 0`.
   */
  readonly decay: Float32Array | Float64Array | undefined;
  /** Whether `decay` includes the layer's gradient. */
  readonly includesGradient: boolean;
}

/** Where a layer's result goes: its gradient (in place) or a new array of the weight's type. */
function outputFor(weight: WeightArray, gradient: WeightArray | undefined, inPlace: boolean): WeightArray {
  if (
    inPlace &&
    gradient !== undefined &&
    gradient instanceof Float32Array === weight instanceof Float32Array
  )
    return gradient;
  return weight instanceof Float32Array ? new Float32Array(weight.length) : new Float64Array(weight.length);
}

/**
 * One norm-decay step (DESIGN §2) for every layer of a model whose kind is selected, in layer
 * order: the one entry that NormDecay and the training helpers call. The maximisers and
 * subgradients of all layers are found and the state growth reserved before any state changes,
 * so a refused call (INVALID_ARGUMENT for bad parameters or sizes, the source's error when the
 * state does not fit) leaves the session as it was. `G` is kept sparse ({@link SparseDecayState}).
 */
export function modelNormDecay(
  layers: readonly LinearOperatorLayer[],
  options: ModelDecayOptions,
): LayerDecayOutcome[] {
  const { beta, momentum, gradients } = options;
  if (!Number.isFinite(beta)) throw invalidArgument(`beta: must be finite, got ${beta}`);
  if (!(momentum >= 0 && momentum <= 1))
    throw invalidArgument(`momentum: must be in [0, 1], got ${momentum}`);
  const selected = layers.filter((layer) => options.kinds.has(layer.kind));
  for (const layer of selected) {
    const gradient = gradients?.get(layer.weightName);
    const n = layerWeight(layer).length;
    if (gradient !== undefined && gradient.length !== n)
      throw invalidArgument(
        `gradients['${layer.weightName}']: ${gradient.length} elements, the weight of ${layer.nodeName} has ${n}`,
      );
  }
  const steps = selected.map((layer) => layerSubgradient(layer, options.norm, options.weightsChecked));
  const states = selected.map((layer) =>
    options.state === undefined
      ? new SparseDecayState(layerWeight(layer).length)
      : options.state.session.stateFor(layer.nodeName, layer.weightName, layerWeight(layer).length),
  );
  if (options.state !== undefined) {
    let growth = 0;
    states.forEach((state, i) => {
      growth += state.growthFor(steps[i].indices);
    });
    options.state.reserve(growth);
  }
  return selected.map((layer, i) => {
    const weight = layerWeight(layer);
    const gradient = gradients?.get(layer.weightName);
    const out = outputFor(weight, gradient, options.inPlace === true);
    const { indices, subgradient, norm } = steps[i];
    const result = states[i].stepDecay(indices, subgradient, { beta, momentum }, out, gradient);
    return {
      layer,
      normBefore: norm,
      decay: result.decayIsZero ? undefined : result.decay,
      includesGradient: gradient !== undefined,
    };
  });
}
