import { NormType } from "./gen/normserve/v1/compute_norms.js";
import { type ConvAttributes, type Layer, LayerKind } from "./gen/normserve/v1/layer.js";
import type { LayerDecay } from "./gen/normserve/v1/norm_decay.js";
import { DataType, type Tensor } from "./gen/normserve/v1/tensor.js";
import type { NormserveClient } from "./normserve-client.js";

/** Float arrays the helper sends and fills (float32 travels as float32, float64 as float64). */
export type FloatArray = Float32Array | Float64Array;

/** One layer of a model held as typed arrays. */
export interface DecayLayer {
  /** Unique layer name; its weight is named `<name>.weight` on the wire. */
  readonly name: string;
  readonly kind: "conv" | "convTranspose" | "linear" | "batchNorm";
  /** Conv `[C_out, C_in/g, k...]`, ConvTranspose `[C_in, C_out/g, k...]`, linear `[out, in]`, batch norm γ `[C]`. */
  readonly weight: FloatArray;
  /** Shape of `weight`. */
  readonly shape: readonly number[];
  /** Current gradient of `weight`, same length; updated in place to `∇W + β·G` by {@link NormDecayHelper.step}. */
  readonly gradient?: FloatArray;
  /** Input shape the layer sees, batch excluded (required for convolutions). */
  readonly inputShape?: readonly number[];
  /** Convolution attributes (ONNX semantics; unset fields take ONNX defaults). */
  readonly conv?: Partial<ConvAttributes>;
  /** Batch norm running variance, one per channel. */
  readonly variance?: FloatArray;
  /** Batch norm epsilon (default 1e-5). */
  readonly epsilon?: number;
}

/** Settings of a {@link NormDecayHelper}. */
export interface NormDecayHelperOptions {
  /** Which norm to decay (default L1). */
  readonly norm?: "l1" | "linf";
  /** β, the decay strength. */
  readonly beta: number;
  /** μ in [0, 1] (default 0.5 as in the paper's code); > 0 keeps `G` in a server session. */
  readonly momentum?: number;
  /** Layer kinds to regularise (default all). */
  readonly kinds?: { readonly conv?: boolean; readonly linear?: boolean; readonly batchNorm?: boolean };
}

const KIND: Record<DecayLayer["kind"], LayerKind> = {
  conv: LayerKind.LAYER_KIND_CONV,
  convTranspose: LayerKind.LAYER_KIND_CONV_TRANSPOSE,
  linear: LayerKind.LAYER_KIND_LINEAR,
  batchNorm: LayerKind.LAYER_KIND_BATCH_NORM,
};

function toTensor(values: FloatArray, shape: readonly number[]): Tensor {
  return {
    dtype: values instanceof Float32Array ? DataType.DATA_TYPE_FLOAT32 : DataType.DATA_TYPE_FLOAT64,
    shape: [...shape],
    data: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

function fromTensor(tensor: Tensor): FloatArray {
  const bytes = tensor.data;
  const width = tensor.dtype === DataType.DATA_TYPE_FLOAT32 ? 4 : 8;
  // Uint8Array.from copies (a Buffer's slice() would be another unaligned view).
  const aligned = bytes.byteOffset % width === 0 ? bytes : Uint8Array.from(bytes);
  const count = aligned.byteLength / width;
  return width === 4
    ? new Float32Array(aligned.buffer, aligned.byteOffset, count)
    : new Float64Array(aligned.buffer, aligned.byteOffset, count);
}

function toLayer(layer: DecayLayer): Layer {
  return {
    name: layer.name,
    kind: KIND[layer.kind],
    weight: toTensor(layer.weight, layer.shape),
    conv:
      layer.conv === undefined
        ? undefined
        : {
            strides: [],
            pads: [],
            dilations: [],
            group: 0,
            outputPadding: [],
            autoPad: 0,
            outputShape: [],
            ...layer.conv,
          },
    inputShape: [...(layer.inputShape ?? [])],
    batchNorm:
      layer.variance === undefined
        ? undefined
        : { variance: toTensor(layer.variance, [layer.variance.length]), epsilon: layer.epsilon },
  };
}

/**
 * Norm decay for a model held as typed arrays (the TypeScript counterpart of the PyTorch hook):
 * call {@link step} between computing the gradients and the optimizer update. It sends the
 * weights and gradients, writes `∇W + β·G` back into each `gradient` array, and keeps the
 * server session that holds the momentum state; {@link close} ends it.
 */
export class NormDecayHelper {
  private sessionId = "";

  constructor(
    private readonly client: NormserveClient,
    private readonly options: NormDecayHelperOptions,
  ) {}

  /** The server session holding `G` ("" before the first step or when μ = 0). */
  get session(): string {
    return this.sessionId;
  }

  /**
   * One decay step. Layers with a gradient get it updated in place; the result maps each layer
   * whose decay term was non-zero to the array the server returned (`β·G`, or the new gradient).
   */
  async step(layers: readonly DecayLayer[]): Promise<Map<string, FloatArray>> {
    const { kinds } = this.options;
    const gradients: { [name: string]: Tensor } = {};
    for (const layer of layers)
      if (layer.gradient !== undefined)
        gradients[`${layer.name}.weight`] = toTensor(layer.gradient, layer.shape);
    const response = await this.client.normDecay({
      model: { $case: "layers", value: { layers: layers.map(toLayer) } },
      norm: this.options.norm === "linf" ? NormType.NORM_TYPE_LINF : NormType.NORM_TYPE_L1,
      beta: this.options.beta,
      momentum: this.options.momentum ?? 0.5,
      sessionId: this.sessionId,
      conv: kinds?.conv ?? false,
      linear: kinds?.linear ?? false,
      batchNorm: kinds?.batchNorm ?? false,
      gradients,
    });
    this.sessionId = response.sessionId;
    const byName = new Map(layers.map((layer) => [layer.name, layer]));
    const result = new Map<string, FloatArray>();
    for (const entry of response.layers) applyDecay(entry, byName.get(entry.nodeName), result);
    return result;
  }

  /** Closes the server session, if any. */
  async close(): Promise<void> {
    if (this.sessionId === "") return;
    const id = this.sessionId;
    this.sessionId = "";
    await this.client.closeSession(id);
  }
}

function applyDecay(entry: LayerDecay, layer: DecayLayer | undefined, result: Map<string, FloatArray>): void {
  if (entry.decay === undefined || layer === undefined) return;
  const values = fromTensor(entry.decay);
  result.set(layer.name, values);
  if (layer.gradient !== undefined && entry.includesGradient) layer.gradient.set(values);
}
