import type { Tensor } from "@tensorflow/tfjs-core";
import type { BatchNormSaved, Conv2dParams, Kernels, Pool2dParams } from "../kernels/kernels.js";
import {
  createTfjsKernels,
  dilateFilter,
  explicitPadding,
  hasPadding,
  paddedShape,
  perGroup,
  type TfNamespace,
  undilateFilterGrad,
} from "../kernels/tfjs-kernels.js";
import { NativeAttrs, type NativeOpAttr, type NativeTfBackend } from "./native-backend.js";

const plainConv = (p: Conv2dParams): boolean =>
  p.groups === 1 && p.dilations[0] === 1 && p.dilations[1] === 1;
const undilatedSingleGroup = (p: Conv2dParams): Conv2dParams => ({ ...p, groups: 1, dilations: [1, 1] });

/**
 * {@link Kernels} as raw TensorFlow ops through tfjs-node's `executeMultipleOutputs`: one TF
 * kernel per call, no tfjs gradient bookkeeping. Conv2D and its backprops take explicit pads,
 * dilations and groups natively; batch norm is FusedBatchNormV3 (running averages updated by TF
 * itself through `exponential_avg_factor`) and FusedBatchNormGradV3; max pooling is oneDNN's
 * kernel with a workspace, so its gradient does not search the window again. Everything else
 * falls back to the tfjs kernels, which on this backend are single TF ops anyway.
 */
export function createNativeKernels(tf: TfNamespace, native: NativeTfBackend): Kernels {
  const base = createTfjsKernels(tf);
  const a = new NativeAttrs(native.binding);
  const run = (op: string, attrs: NativeOpAttr[], inputs: Tensor[], outputs: number): Tensor[] =>
    native.executeMultipleOutputs(op, attrs, inputs, outputs);
  const shapeTensors = new Map<string, Tensor>();
  /** int32 shape operands (input_sizes, filter_sizes), created once per shape and kept. */
  const shapeTensor = (shape: readonly number[]): Tensor => {
    const key = shape.join(",");
    let t = shapeTensors.get(key);
    if (!t) {
      t = tf.keep(tf.tensor1d([...shape], "int32"));
      shapeTensors.set(key, t);
    }
    return t;
  };
  /**
   * TF's padding mode for a conv on input `xShape` with filter `filterShape`: SAME when the ONNX
   * pads are exactly TF's SAME split, VALID when there are none, else EXPLICIT. It matters: with
   * EXPLICIT pads the backprop kernels leave oneDNN's fast path (4–20× slower, measured).
   */
  const paddingMode = (
    p: Conv2dParams,
    xShape: readonly number[],
    filterShape: readonly number[],
  ): string => {
    if (!hasPadding(p.pads)) return "VALID";
    for (let axis = 0; axis < 2; axis++) {
      const size = xShape[axis + 1];
      const extent = (filterShape[axis] - 1) * p.dilations[axis] + 1;
      const out = Math.ceil(size / p.strides[axis]);
      const total = Math.max(0, (out - 1) * p.strides[axis] + extent - size);
      const begin = Math.floor(total / 2);
      if (p.pads[axis] !== begin || p.pads[axis + 2] !== total - begin) return "EXPLICIT";
    }
    return "SAME";
  };
  const convAttrs = (p: Conv2dParams, mode: string): NativeOpAttr[] => {
    const attrs = [
      a.float32(),
      a.ints("strides", [1, p.strides[0], p.strides[1], 1]),
      a.string("padding", mode),
      a.string("data_format", "NHWC"),
      a.ints("dilations", [1, p.dilations[0], p.dilations[1], 1]),
    ];
    if (mode === "EXPLICIT")
      attrs.push(a.ints("explicit_paddings", [0, 0, p.pads[0], p.pads[2], p.pads[1], p.pads[3], 0, 0]));
    return attrs;
  };
  /** Conv2DBackpropInput for one group, no dilation; EXPLICIT pads become a VALID op on the padded shape, cropped. */
  const plainBackpropInput = (
    dy: Tensor,
    filter: Tensor,
    xShape: readonly number[],
    p: Conv2dParams,
  ): Tensor => {
    const mode = paddingMode(p, xShape, filter.shape);
    if (mode !== "EXPLICIT")
      return run("Conv2DBackpropInput", convAttrs(p, mode), [shapeTensor(xShape), filter, dy], 1)[0];
    const padded = run(
      "Conv2DBackpropInput",
      convAttrs(p, "VALID"),
      [shapeTensor(paddedShape(xShape, p.pads)), filter, dy],
      1,
    )[0];
    const out = tf.slice(padded, [0, p.pads[0], p.pads[1], 0], [...xShape]);
    padded.dispose();
    return out;
  };
  /** Conv2DBackpropFilter for one group, no dilation; EXPLICIT pads become a VALID op on the zero-padded input. */
  const plainBackpropFilter = (
    x: Tensor,
    dy: Tensor,
    filterShape: readonly number[],
    p: Conv2dParams,
  ): Tensor => {
    const mode = paddingMode(p, x.shape, filterShape);
    if (mode !== "EXPLICIT")
      return run("Conv2DBackpropFilter", convAttrs(p, mode), [x, shapeTensor(filterShape), dy], 1)[0];
    const padded = tf.pad(x, explicitPadding(p.pads));
    const out = run(
      "Conv2DBackpropFilter",
      convAttrs(p, "VALID"),
      [padded, shapeTensor(filterShape), dy],
      1,
    )[0];
    padded.dispose();
    return out;
  };
  const poolAttrs = (p: Pool2dParams): NativeOpAttr[] => [
    a.float32(),
    a.ints("ksize", [1, p.kernel[0], p.kernel[1], 1]),
    a.ints("strides", [1, p.strides[0], p.strides[1], 1]),
    a.string("padding", "VALID"),
    a.string("data_format", "NHWC"),
    a.bool("workspace_enabled", true),
    a.oneDnn(),
  ];
  const padNegInf = (x: Tensor, pads: readonly [number, number, number, number]): Tensor =>
    tf.pad(x, explicitPadding(pads), Number.NEGATIVE_INFINITY);
  const dataFormat = a.string("data_format", "NHWC");

  return {
    ...base,
    backend: "tensorflow",
    conv2d: (x, filter, p) =>
      run("Conv2D", convAttrs(p, paddingMode(p, x.shape, filter.shape)), [x, filter], 1)[0],
    // TF's CPU backprop kernels reject groups > 1 and dilations > 1 ("not yet support"): split
    // the groups and dilate the filter with zeros, then run the plain kernel per group.
    conv2dBackpropInput: (dy, filter, xShape, p) => {
      if (plainConv(p)) return plainBackpropInput(dy, filter, xShape, p);
      const groupShape = [xShape[0], xShape[1], xShape[2], xShape[3] / p.groups];
      return tf.tidy(() =>
        perGroup(tf, p.groups, dy, dilateFilter(tf, filter, p.dilations), (dyg, fg) =>
          plainBackpropInput(dyg, fg, groupShape, undilatedSingleGroup(p)),
        ),
      );
    },
    conv2dBackpropFilter: (x, dy, filterShape, p) => {
      if (plainConv(p)) return plainBackpropFilter(x, dy, filterShape, p);
      const [kh, kw, ci, co] = filterShape;
      const dilated = [(kh - 1) * p.dilations[0] + 1, (kw - 1) * p.dilations[1] + 1, ci, co / p.groups];
      return tf.tidy(() => {
        const grad = perGroup(tf, p.groups, x, dy, (xg, dyg) =>
          plainBackpropFilter(xg, dyg, dilated, undilatedSingleGroup(p)),
        );
        return undilateFilterGrad(tf, grad, filterShape, p.dilations);
      });
    },
    biasAdd: (x, bias) => run("BiasAdd", [a.float32(), dataFormat], [x, bias], 1)[0],
    biasAddGrad: (dy) => run("BiasAddGrad", [a.float32(), dataFormat], [dy], 1)[0],
    batchNormTrain: (x, scale, offset, runningMean, runningVar, epsilon, momentum) => {
      const [y, mean, variance, r1, r2, r3] = run(
        "FusedBatchNormV3",
        [
          a.float32(),
          a.float32("U"),
          a.float("epsilon", epsilon),
          a.float("exponential_avg_factor", 1 - momentum),
          dataFormat,
          a.bool("is_training", true),
        ],
        [x, scale, offset, runningMean, runningVar],
        6,
      );
      return { y, runningMean: mean, runningVar: variance, saved: { tensors: [r1, r2, r3] } };
    },
    batchNormTrainGrad: (dy, x, scale, saved: BatchNormSaved, epsilon) => {
      const [dx, dScale, dOffset, r4, r5] = run(
        "FusedBatchNormGradV3",
        [a.float32(), a.float32("U"), a.float("epsilon", epsilon), dataFormat, a.bool("is_training", true)],
        [dy, x, scale, ...saved.tensors],
        5,
      );
      tf.dispose([r4, r5]);
      return { dx, dScale, dOffset };
    },
    batchNormInfer: (x, scale, offset, mean, variance, epsilon) => {
      const x4 =
        x.rank === 4
          ? x
          : tf.reshape(x, [x.shape[0], 1, x.size / (x.shape[0] * x.shape[x.rank - 1]), x.shape[x.rank - 1]]);
      const [y, ...rest] = run(
        "FusedBatchNormV3",
        [a.float32(), a.float32("U"), a.float("epsilon", epsilon), dataFormat, a.bool("is_training", false)],
        [x4, scale, offset, mean, variance],
        6,
      );
      tf.dispose(rest);
      if (x4 === x) return y;
      x4.dispose();
      const out = tf.reshape(y, x.shape);
      y.dispose();
      return out;
    },
    reluGrad: (dy, y) => run("ReluGrad", [a.float32()], [dy, y], 1)[0],
    maxPool: (x, p) => {
      const input = hasPadding(p.pads) ? padNegInf(x, p.pads) : x;
      const [y, workspace] = run("_MklNativeMaxPool", poolAttrs(p), [input], 2);
      if (input !== x) input.dispose();
      return { y, saved: [workspace] };
    },
    maxPoolGrad: (dy, x, y, saved, p) => {
      if (!hasPadding(p.pads)) return run("_MklNativeMaxPoolGrad", poolAttrs(p), [x, y, dy, saved[0]], 1)[0];
      return tf.tidy(() => {
        const input = padNegInf(x, p.pads);
        const grad = run("_MklNativeMaxPoolGrad", poolAttrs(p), [input, y, dy, saved[0]], 1)[0];
        return tf.slice(grad, [0, p.pads[0], p.pads[1], 0], x.shape);
      });
    },
    matMul: (m1, m2, transposeA, transposeB) =>
      run(
        "MatMul",
        [a.float32(), a.bool("transpose_a", transposeA), a.bool("transpose_b", transposeB)],
        [m1, m2],
        1,
      )[0],
    softmaxCrossEntropy: (logits, labels) => {
      const [loss, dLogits] = run(
        "SparseSoftmaxCrossEntropyWithLogits",
        [a.float32(), a.int32("Tlabels")],
        [logits, labels],
        2,
      );
      return { loss, dLogits };
    },
  };
}
