import type * as tfc from "@tensorflow/tfjs-core";
import type { NamedAttrMap, Tensor, Tensor4D } from "@tensorflow/tfjs-core";
import type {
  BatchNormGradients,
  BatchNormSaved,
  BatchNormTrainOutputs,
  Conv2dParams,
  CrossEntropyOutputs,
  Kernels,
  MaxPoolOutputs,
  Pool2dParams,
} from "./kernels.js";

/** The tfjs namespace (injected, so tests can spy on it and every backend shares one code path). */
export type TfNamespace = typeof tfc;

type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];

/** ONNX-order spatial pads `[top, left, bottom, right]` as tfjs's NHWC per-axis padding. @internal */
export function explicitPadding(pads: readonly [number, number, number, number]): ExplicitPadding {
  return [
    [0, 0],
    [pads[0], pads[2]],
    [pads[1], pads[3]],
    [0, 0],
  ];
}

/** Whether any pad is non-zero. @internal */
export const hasPadding = (pads: readonly number[]): boolean => pads.some((p) => p !== 0);

/** An NHWC shape with `[top, left, bottom, right]` pads added to its spatial axes. @internal */
export function paddedShape(
  xShape: readonly number[],
  pads: readonly [number, number, number, number],
): number[] {
  return [xShape[0], xShape[1] + pads[0] + pads[2], xShape[2] + pads[1] + pads[3], xShape[3]];
}

/**
 * A dilated filter with the holes filled by zeros: tfjs's conv gradients do not take dilations,
 * and its conv2d refuses stride and dilation both above 1, so on these backends a dilated
 * convolution is an undilated one with this filter.
 * @internal
 */
export function dilateFilter(
  tf: TfNamespace,
  filter: Tensor,
  dilations: readonly [number, number],
): Tensor4D {
  const [kh, kw, ci, co] = filter.shape;
  const [dh, dw] = dilations;
  if (dh === 1 && dw === 1) return filter as Tensor4D;
  return tf.tidy(() => {
    const spread = tf.pad(tf.reshape(filter, [kh, 1, kw, 1, ci, co]), [
      [0, 0],
      [0, dh - 1],
      [0, 0],
      [0, dw - 1],
      [0, 0],
      [0, 0],
    ]);
    const full = tf.reshape(spread, [kh * dh, kw * dw, ci, co]);
    return tf.slice(full, [0, 0, 0, 0], [(kh - 1) * dh + 1, (kw - 1) * dw + 1, ci, co]) as Tensor4D;
  });
}

/** Gradient of {@link dilateFilter}: the taps of the dilated filter's gradient. @internal */
export function undilateFilterGrad(
  tf: TfNamespace,
  grad: Tensor,
  filterShape: readonly number[],
  dilations: readonly [number, number],
): Tensor {
  const [dh, dw] = dilations;
  if (dh === 1 && dw === 1) return grad;
  const [kh, kw, ci, co] = filterShape;
  return tf.stridedSlice(grad, [0, 0, 0, 0], [(kh - 1) * dh + 1, (kw - 1) * dw + 1, ci, co], [dh, dw, 1, 1]);
}

/** Splits a grouped convolution into per-group ones (tfjs has no grouped conv kernel). @internal */
export function perGroup(
  tf: TfNamespace,
  groups: number,
  a: Tensor,
  b: Tensor,
  run: (a: Tensor, b: Tensor, group: number) => Tensor,
): Tensor {
  if (groups === 1) return run(a, b, 0);
  const as = tf.split(a, groups, a.rank - 1);
  const bs = tf.split(b, groups, b.rank - 1);
  const outs = as.map((ai, g) => run(ai, bs[g], g));
  const out = tf.concat(outs, outs[0].rank - 1);
  tf.dispose([...as, ...bs, ...outs]);
  return out;
}

/**
 * {@link Kernels} over tfjs ops and registered kernels: the wasm and cpu backends' implementation
 * (and the reference the native one is tested against).
 */
export function createTfjsKernels(tf: TfNamespace): Kernels {
  const engine = () => tf.engine();
  const runKernel = (name: string, inputs: Record<string, Tensor>, attrs: NamedAttrMap): Tensor =>
    engine().runKernel<Tensor>(name, inputs, attrs);

  const conv2d = (x: Tensor, filter: Tensor, p: Conv2dParams): Tensor =>
    tf.tidy(() => {
      const f = dilateFilter(tf, filter, p.dilations);
      const pad = explicitPadding(p.pads);
      return perGroup(tf, p.groups, x, f, (xg, fg) =>
        tf.conv2d(xg as Tensor4D, fg as Tensor4D, [p.strides[0], p.strides[1]], pad, "NHWC"),
      );
    });

  const conv2dBackpropInput = (
    dy: Tensor,
    filter: Tensor,
    xShape: readonly number[],
    p: Conv2dParams,
  ): Tensor =>
    tf.tidy(() => {
      const f = dilateFilter(tf, filter, p.dilations);
      const groupShape = [xShape[0], xShape[1], xShape[2], xShape[3] / p.groups];
      return perGroup(tf, p.groups, dy, f, (dyg, fg) =>
        runKernel(
          "Conv2DBackpropInput",
          { dy: dyg, filter: fg },
          {
            strides: [...p.strides],
            pad: explicitPadding(p.pads),
            dataFormat: "NHWC",
            inputShape: groupShape,
          },
        ),
      );
    });

  const conv2dBackpropFilter = (
    x: Tensor,
    dy: Tensor,
    filterShape: readonly number[],
    p: Conv2dParams,
  ): Tensor =>
    tf.tidy(() => {
      const [kh, kw, ci, co] = filterShape;
      const dilatedShape = [(kh - 1) * p.dilations[0] + 1, (kw - 1) * p.dilations[1] + 1, ci, co / p.groups];
      const grad = perGroup(tf, p.groups, x, dy, (xg, dyg) =>
        runKernel(
          "Conv2DBackpropFilter",
          { x: xg, dy: dyg },
          {
            strides: [...p.strides],
            pad: explicitPadding(p.pads),
            dataFormat: "NHWC",
            filterShape: dilatedShape,
          },
        ),
      );
      return undilateFilterGrad(tf, grad, filterShape, p.dilations);
    });

  const batchNormTrain = (
    x: Tensor,
    scale: Tensor,
    offset: Tensor,
    runningMean: Tensor,
    runningVar: Tensor,
    epsilon: number,
    momentum: number,
  ): BatchNormTrainOutputs => {
    const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
    const count = x.size / x.shape[x.rank - 1];
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, axes);
      const invStd = tf.rsqrt(tf.add(variance, epsilon));
      const xHat = tf.mul(tf.sub(x, mean), invStd);
      const y = tf.add(tf.mul(xHat, scale), offset);
      const unbiased = tf.mul(variance, count / Math.max(count - 1, 1));
      const newMean = tf.add(tf.mul(runningMean, momentum), tf.mul(mean, 1 - momentum));
      const newVar = tf.add(tf.mul(runningVar, momentum), tf.mul(unbiased, 1 - momentum));
      return { y, runningMean: newMean, runningVar: newVar, saved: { tensors: [xHat, invStd] } };
    });
  };

  const batchNormTrainGrad = (
    dy: Tensor,
    x: Tensor,
    scale: Tensor,
    saved: BatchNormSaved,
  ): BatchNormGradients => {
    const [xHat, invStd] = saved.tensors;
    const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
    const count = x.size / x.shape[x.rank - 1];
    return tf.tidy(() => {
      const dOffset = tf.sum(dy, axes);
      const dScale = tf.sum(tf.mul(dy, xHat), axes);
      // dx = γ/σ · (dy − mean(dy) − x̂·mean(dy·x̂))
      const centred = tf.sub(tf.sub(dy, tf.div(dOffset, count)), tf.mul(xHat, tf.div(dScale, count)));
      const dx = tf.mul(centred, tf.mul(scale, invStd));
      return { dx, dScale, dOffset };
    });
  };

  const padForPool = (x: Tensor, pads: readonly [number, number, number, number], value: number): Tensor =>
    hasPadding(pads) ? tf.pad(x, explicitPadding(pads), value) : x;

  const maxPool = (x: Tensor, p: Pool2dParams): MaxPoolOutputs => {
    const y = tf.tidy(() =>
      tf.maxPool(
        padForPool(x, p.pads, Number.NEGATIVE_INFINITY) as Tensor4D,
        [...p.kernel],
        [...p.strides],
        "valid",
      ),
    );
    return { y, saved: [] };
  };

  const maxPoolGrad = (
    dy: Tensor,
    x: Tensor,
    y: Tensor,
    _saved: readonly Tensor[],
    p: Pool2dParams,
  ): Tensor =>
    tf.tidy(() => {
      const padded = padForPool(x, p.pads, Number.NEGATIVE_INFINITY);
      const grad = runKernel(
        "MaxPoolGrad",
        { dy, input: padded, output: y },
        { filterSize: [...p.kernel], strides: [...p.strides], pad: "valid" },
      );
      return hasPadding(p.pads) ? tf.slice(grad, [0, p.pads[0], p.pads[1], 0], x.shape) : grad;
    });

  const sumPool = (x: Tensor, p: Pool2dParams): Tensor =>
    tf.tidy(() => {
      const mean = tf.avgPool(padForPool(x, p.pads, 0) as Tensor4D, [...p.kernel], [...p.strides], "valid");
      return tf.mul(mean, p.kernel[0] * p.kernel[1]);
    });

  const sumPoolGrad = (dy: Tensor, xShape: readonly number[], p: Pool2dParams): Tensor =>
    tf.tidy(() => {
      const input = tf.zeros(paddedShape(xShape, p.pads));
      const grad = runKernel(
        "AvgPoolGrad",
        { dy: tf.mul(dy, p.kernel[0] * p.kernel[1]), input },
        { filterSize: [...p.kernel], strides: [...p.strides], pad: "valid" },
      );
      return hasPadding(p.pads) ? tf.slice(grad, [0, p.pads[0], p.pads[1], 0], [...xShape]) : grad;
    });

  const softmaxCrossEntropy = (logits: Tensor, labels: Tensor): CrossEntropyOutputs =>
    tf.tidy(() => {
      const logProbs = tf.logSoftmax(logits);
      const oneHot = tf.oneHot(labels, logits.shape[1] ?? 1);
      const loss = tf.neg(tf.sum(tf.mul(oneHot, logProbs), 1));
      return { loss, dLogits: tf.sub(tf.exp(logProbs), oneHot) };
    });

  return {
    backend: tf.getBackend(),
    conv2d,
    conv2dBackpropInput,
    conv2dBackpropFilter,
    biasAdd: (x, bias) => tf.add(x, bias),
    biasAddGrad: (dy) =>
      tf.sum(
        dy,
        Array.from({ length: dy.rank - 1 }, (_, i) => i),
      ),
    batchNormTrain,
    batchNormTrainGrad,
    batchNormInfer: (x, scale, offset, mean, variance, epsilon) =>
      tf.tidy(() =>
        tf.add(tf.mul(tf.sub(x, mean), tf.mul(scale, tf.rsqrt(tf.add(variance, epsilon)))), offset),
      ),
    relu: (x) => tf.relu(x),
    reluGrad: (dy, y) => tf.tidy(() => tf.mul(dy, tf.step(y))),
    maxPool,
    maxPoolGrad,
    sumPool,
    sumPoolGrad,
    matMul: (a, b, transposeA, transposeB) => tf.matMul(a, b, transposeA, transposeB),
    softmaxCrossEntropy,
  };
}
