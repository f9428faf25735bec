import { failedPrecondition, invalidArgument } from "../errors/normserve-error.js";
import type { ConvGeometry } from "../math/conv-geometry.js";
import { convSingularValues, convSingularValuesAsync } from "../math/conv-singular-values.js";
import type { WeightArray } from "../math/norm-result.js";
import type { FrequencyMapper } from "../math/parallel/frequency-job.js";
import { SpectralInputError } from "../math/spectral-types.js";
import { clipConvSingularValues, clipConvSingularValuesAsync, type SvcResult } from "../math/svc.js";
import type { ConvLayer, ConvTransposeLayer, LinearOperatorLayer } from "./linear-layer.js";
import { abortableMapper } from "./parallel/abortable-mapper.js";

/** Options of {@link modelClipSingularValues}. */
export interface ClipSingularValuesOptions {
  /** The threshold c (finite, > 0). */
  readonly clipTo: number;
  /** Layers to clip by node name; empty: every Conv and ConvTranspose. */
  readonly nodeNames: readonly string[];
  /** Worker pool for the per-frequency work. */
  readonly pool: FrequencyMapper;
  /** Aborting stops the work between frequency batches and between layers. */
  readonly signal?: AbortSignal;
}

/** One clipped layer. */
export interface ClippedLayerResult {
  readonly layer: ConvLayer | ConvTransposeLayer;
  /** The clipped kernel in the layer's layout and precision (float32 in, float32 out). */
  readonly kernel: WeightArray;
  readonly sigmaMaxBefore: number;
  /** σ_max of `kernel` exactly as returned (after rounding to float32, if it was). */
  readonly sigmaMaxAfter: number;
  /** sigmaMaxAfter − min(sigmaMaxBefore, clipTo): how far the k×k projection moved σ_max. */
  readonly projectionShift: number;
  readonly changed: boolean;
  readonly valuesClipped: number;
  readonly blocksClipped: number;
  readonly blocksTotal: number;
  /** Spatial size of the circular grid (the conv's input, a ConvTranspose's output). */
  readonly grid: readonly number[];
}

type ConvLike = ConvLayer | ConvTransposeLayer;

const isConv = (layer: LinearOperatorLayer): layer is ConvLike =>
  layer.kind === "conv" || layer.kind === "convTranspose";

const KIND_NAME: Record<LinearOperatorLayer["kind"], string> = {
  conv: "Conv",
  convTranspose: "ConvTranspose",
  linear: "linear",
  batchNorm: "batch-norm",
};

/** Per-frequency work below this (C_out·C_in/g·grid pixels) runs inline. */
const POOL_ABOVE = 5e5;

function selectLayers(layers: readonly LinearOperatorLayer[], nodeNames: readonly string[]): ConvLike[] {
  if (nodeNames.length === 0) return layers.filter(isConv);
  const wanted = new Set<string>();
  for (const [i, name] of nodeNames.entries()) {
    const layer = layers.find((l) => l.nodeName === name);
    if (layer === undefined) {
      const known = layers.filter(isConv).map((l) => `'${l.nodeName}'`);
      throw invalidArgument(
        `node_names[${i}]: no layer named '${name}' (conv layers: ${known.slice(0, 8).join(", ") || "none"}${known.length > 8 ? ", …" : ""})`,
      );
    }
    if (!isConv(layer))
      throw invalidArgument(
        `node_names[${i}]: '${name}' is a ${KIND_NAME[layer.kind]} layer; singular value clipping applies to Conv and ConvTranspose layers`,
      );
    wanted.add(name);
  }
  return layers.filter((l): l is ConvLike => isConv(l) && wanted.has(l.nodeName));
}

async function clipLayer(layer: ConvLike, options: ClipSingularValuesOptions): Promise<ClippedLayerResult> {
  const geometry: ConvGeometry = layer.kind === "conv" ? layer.geometry : layer.adjoint;
  const { weight } = layer;
  const { clipTo } = options;
  const inline =
    (geometry.outChannels * geometry.inChannels * geometry.inputSpatial.reduce((a, b) => a * b, 1)) /
      geometry.group <
    POOL_ABOVE;
  const pool = abortableMapper(options.pool, options.signal);
  // σ_max after is recomputed here from the kernel as it goes back (float32 rounding included).
  const svc: SvcResult = inline
    ? clipConvSingularValues(weight, geometry, clipTo, { recompute: false })
    : await clipConvSingularValuesAsync(weight, geometry, clipTo, { recompute: false, pool });
  const changed = svc.valuesClipped > 0;
  const kernel = weight instanceof Float32Array ? Float32Array.from(svc.kernel) : svc.kernel;
  let sigmaMaxAfter = svc.sigmaMaxBefore;
  if (changed) {
    options.signal?.throwIfAborted();
    sigmaMaxAfter = inline
      ? convSingularValues(kernel, geometry).sigmaMax
      : (await convSingularValuesAsync(kernel, geometry, { pool })).sigmaMax;
  }
  return {
    layer,
    kernel,
    sigmaMaxBefore: svc.sigmaMaxBefore,
    sigmaMaxAfter,
    projectionShift: sigmaMaxAfter - Math.min(svc.sigmaMaxBefore, clipTo),
    changed,
    valuesClipped: svc.valuesClipped,
    blocksClipped: svc.blocksClipped,
    blocksTotal: svc.blocksTotal,
    grid: [...geometry.inputSpatial],
  };
}

/**
 * Singular value clipping (Sedghi, Gupta & Long 2019) of a model's conv layers, in graph order:
 * each Conv (a ConvTranspose through its adjoint conv, same kernel array) is read as the
 * circular operator on its input size — strides by polyphase, groups, dilation, any H×W — every
 * singular value above `clipTo` becomes `clipTo`, and the kernel is projected back to its k×k
 * support (see `clipConvSingularValues`); σ_max of the returned kernel is then recomputed.
 * Stops between layers (and frequency batches) once `signal` aborts.
 * @throws NormserveError INVALID_ARGUMENT naming `node_names[i]` for an unknown or non-conv
 * layer; FAILED_PRECONDITION naming the node where the math cannot serve it (3-d convs, an
 * input size not divisible by the stride).
 */
export async function modelClipSingularValues(
  layers: readonly LinearOperatorLayer[],
  options: ClipSingularValuesOptions,
): Promise<ClippedLayerResult[]> {
  const out: ClippedLayerResult[] = [];
  for (const layer of selectLayers(layers, options.nodeNames)) {
    await new Promise((resolve) => setImmediate(resolve));
    options.signal?.throwIfAborted();
    try {
      out.push(await clipLayer(layer, options));
    } catch (error) {
      if (error instanceof SpectralInputError)
        throw failedPrecondition(
          `${layer.nodeName}: singular value clipping not available: ${error.message}`,
          error,
        );
      throw error;
    }
  }
  return out;
}
