import type { ConvGeometry } from "../math/conv-geometry.js";
import type { WeightArray } from "../math/norm-result.js";

/** Where a layer came from, reported back with its norms. */
export interface LayerOrigin {
  /** ONNX node name (made unique: `<opType>_<index>` when the node has none), or the raw layer's name. */
  readonly nodeName: string;
  /** ONNX op type: Conv, ConvTranspose, Gemm, MatMul or BatchNormalization. */
  readonly opType: string;
  /** Name of the weight initializer (the scale for batch norm). */
  readonly weightName: string;
  /** Input shape the layer sees, batch excluded. */
  readonly inputShape: readonly number[];
  /** Output shape, batch excluded. */
  readonly outputShape: readonly number[];
}

/**
 * Convolution `[C_out, C_in/g, k...]` on a known input shape. ConvTranspose layers are stored
 * as their adjoint convolution (see `transposed`).
 */
export interface ConvLayer extends LayerOrigin {
  readonly kind: "conv";
  /** Kernel in ONNX Conv layout `[C_out, C_in/group, k...]`, row-major. */
  readonly weight: WeightArray;
  /** Shape of `weight`. */
  readonly weightShape: readonly number[];
  /** Geometry of the convolution on its input. */
  readonly geometry: ConvGeometry;
}

/**
 * Transposed convolution with weight `[C_in, C_out/g, k...]`. Its matrix is the transpose of
 * the convolution `adjoint` (kernel = the same array read as `[C_out_conv = C_in, C_in_conv/g = C_out/g, k...]`,
 * input = this layer's output, output = this layer's input), so L1 ↔ L∞ swap.
 */
export interface ConvTransposeLayer extends LayerOrigin {
  readonly kind: "convTranspose";
  /** Kernel in ONNX ConvTranspose layout `[C_in, C_out/group, k...]`. */
  readonly weight: WeightArray;
  /** Shape of `weight`. */
  readonly weightShape: readonly number[];
  /** The convolution whose adjoint this layer is (same weight array). */
  readonly adjoint: ConvGeometry;
}

/**
 * Fully connected map `y = scale · M x` with `M` out×in. `weight` holds `M` row-major
 * (`transposed = false`, shape [out, in]) or `Mᵀ` row-major (`transposed = true`, shape [in, out]).
 */
export interface LinearLayer extends LayerOrigin {
  readonly kind: "linear";
  readonly weight: WeightArray;
  /** Output features. */
  readonly rows: number;
  /** Input features. */
  readonly cols: number;
  readonly transposed: boolean;
  /** Gemm's alpha (1 otherwise). */
  readonly scale: number;
}

/** Inference-mode batch normalization: `diag(scale / sqrt(variance + epsilon))`. */
export interface BatchNormLayer extends LayerOrigin {
  readonly kind: "batchNorm";
  /** Gamma, one per channel. */
  readonly scale: WeightArray;
  /** Running variance, one per channel. */
  readonly variance: WeightArray;
  readonly epsilon: number;
  /** Name of the variance initializer. */
  readonly varianceName: string;
}

/** Any layer whose operator norm we compute. */
export type LinearOperatorLayer = ConvLayer | ConvTransposeLayer | LinearLayer | BatchNormLayer;
