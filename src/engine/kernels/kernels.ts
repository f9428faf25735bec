import type { Tensor } from "@tensorflow/tfjs-core";

/**
 * Geometry of a 2-d convolution in channels-last (NHWC) layout, pads already resolved
 * (auto_pad applied). A 1-d convolution is a 2-d one with height 1.
 */
export interface Conv2dParams {
  /** [strideH, strideW]. */
  readonly strides: readonly [number, number];
  /** [dilationH, dilationW]. */
  readonly dilations: readonly [number, number];
  /** [top, left, bottom, right] (ONNX order: begins, then ends), all ≥ 0. */
  readonly pads: readonly [number, number, number, number];
  /** Groups: the filter's input-channel dim is C_in / groups. */
  readonly groups: number;
}

/** Geometry of a 2-d max or sum pooling window in NHWC, pads resolved (ceil_mode included). */
export interface Pool2dParams {
  /** [kernelH, kernelW]. */
  readonly kernel: readonly [number, number];
  /** [strideH, strideW]. */
  readonly strides: readonly [number, number];
  /** [top, left, bottom, right], all ≥ 0. */
  readonly pads: readonly [number, number, number, number];
}

/** What a training-mode batch normalisation hands to its gradient (opaque to callers). */
export interface BatchNormSaved {
  /** Tensors the gradient needs; disposed by the executor after the backward pass. */
  readonly tensors: readonly Tensor[];
}

/** Outputs of {@link Kernels.batchNormTrain}. */
export interface BatchNormTrainOutputs {
  readonly y: Tensor;
  /** momentum · running + (1 − momentum) · batch mean (ONNX momentum; PyTorch's is 1 − this). */
  readonly runningMean: Tensor;
  /** The same for the unbiased (Bessel-corrected) batch variance, as PyTorch updates it. */
  readonly runningVar: Tensor;
  readonly saved: BatchNormSaved;
}

/** Gradients of a training-mode batch normalisation. */
export interface BatchNormGradients {
  readonly dx: Tensor;
  readonly dScale: Tensor;
  readonly dOffset: Tensor;
}

/** Outputs of {@link Kernels.maxPool}. */
export interface MaxPoolOutputs {
  readonly y: Tensor;
  /** Whatever the gradient needs besides x and y (oneDNN's workspace natively); may be empty. */
  readonly saved: readonly Tensor[];
}

/** Per-example loss and the gradient of their sum with respect to the logits. */
export interface CrossEntropyOutputs {
  /** [N] per-example softmax cross-entropy. */
  readonly loss: Tensor;
  /** [N, classes]: softmax − one-hot, the gradient of the summed loss. */
  readonly dLogits: Tensor;
}

/**
 * The hot-path kernels of the executor: each ONNX op's forward and backward is written once
 * against this interface. The native backend implements it with raw TensorFlow ops (fused batch
 * norm and its gradient, conv backprops, oneDNN max-pool with workspace, sparse softmax
 * cross-entropy); wasm and cpu implement it with tfjs kernels. Element-wise work that is one op
 * on every backend goes through the tfjs namespace directly. Layout is NHWC throughout; filters
 * are HWIO ([kH, kW, C_in/groups, C_out]).
 */
export interface Kernels {
  /** Backend name ("tensorflow", "wasm", "cpu"). */
  readonly backend: string;
  conv2d(x: Tensor, filter: Tensor, params: Conv2dParams): Tensor;
  /** Gradient of {@link conv2d} with respect to x (of shape `xShape`); also ConvTranspose's forward. */
  conv2dBackpropInput(dy: Tensor, filter: Tensor, xShape: readonly number[], params: Conv2dParams): Tensor;
  /** Gradient of {@link conv2d} with respect to the filter (of shape `filterShape`). */
  conv2dBackpropFilter(x: Tensor, dy: Tensor, filterShape: readonly number[], params: Conv2dParams): Tensor;
  /** x + bias along the last axis. */
  biasAdd(x: Tensor, bias: Tensor): Tensor;
  /** Sum of dy over every axis but the last. */
  biasAddGrad(dy: Tensor): Tensor;
  /**
   * Batch normalisation with batch statistics over every axis but the last; also returns the
   * updated running statistics (`momentum` as ONNX defines it).
   */
  batchNormTrain(
    x: Tensor,
    scale: Tensor,
    offset: Tensor,
    runningMean: Tensor,
    runningVar: Tensor,
    epsilon: number,
    momentum: number,
  ): BatchNormTrainOutputs;
  batchNormTrainGrad(
    dy: Tensor,
    x: Tensor,
    scale: Tensor,
    saved: BatchNormSaved,
    epsilon: number,
  ): BatchNormGradients;
  /** Batch normalisation with given statistics (eval mode), last axis. */
  batchNormInfer(
    x: Tensor,
    scale: Tensor,
    offset: Tensor,
    mean: Tensor,
    variance: Tensor,
    epsilon: number,
  ): Tensor;
  relu(x: Tensor): Tensor;
  /** dy where the relu's output y is positive, else 0. */
  reluGrad(dy: Tensor, y: Tensor): Tensor;
  maxPool(x: Tensor, params: Pool2dParams): MaxPoolOutputs;
  maxPoolGrad(dy: Tensor, x: Tensor, y: Tensor, saved: readonly Tensor[], params: Pool2dParams): Tensor;
  /** Sum over each window of the zero-padded input (divide by the right count afterwards). */
  sumPool(x: Tensor, params: Pool2dParams): Tensor;
  /** Gradient of {@link sumPool} with respect to x (of shape `xShape`). */
  sumPoolGrad(dy: Tensor, xShape: readonly number[], params: Pool2dParams): Tensor;
  /** a·b for rank-2 operands, either transposed. */
  matMul(a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean): Tensor;
  /** Softmax cross-entropy of [N, classes] logits against int32 labels [N]. */
  softmaxCrossEntropy(logits: Tensor, labels: Tensor): CrossEntropyOutputs;
}
