import * as tf from "@tensorflow/tfjs-core";
// tfjs-core's Node bundle registers no gradient functions and its ESM files do not load under Node;
// the umbrella package (installed with @tensorflow/tfjs-node) registers them all as a side effect.
import "@tensorflow/tfjs";
import { seededFloats } from "../executor/testing/seeded-floats.js";

/**
 * One forward-and-backward computation that training or an attack performs. `run` returns the
 * gradients (and the forward value first) so two backends can be compared; the caller disposes them.
 * @internal
 */
export interface TrainingGradCase {
  readonly name: string;
  readonly run: () => tf.Tensor[];
}

/** A seeded float32 tensor with values in [−1, 1). */
function rand(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(
    seededFloats(
      seed,
      shape.reduce((a, b) => a * b, 1),
    ),
    shape,
  );
}

/** Forward value of `f`, then its gradients with respect to every input. */
function valueAndGrads(f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[]): tf.Tensor[] {
  return tf.tidy(() => {
    // A fixed random cotangent rather than ones: a sum-loss would hide transposition mistakes.
    const value = f(...inputs);
    const dy = rand(value.shape, 999);
    const grads = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), dy)))(inputs);
    return [value, ...grads];
  });
}

/** Runs `f` on fresh seeded inputs of the given shapes and frees the inputs. */
function gradCase(name: string, shapes: number[][], f: (...xs: tf.Tensor[]) => tf.Tensor): TrainingGradCase {
  return {
    name,
    run: () => {
      const inputs = shapes.map((s, i) => rand(s, 17 + i));
      try {
        return valueAndGrads(f, inputs);
      } finally {
        tf.dispose(inputs);
      }
    },
  };
}

/** BatchNorm in training mode written the way tfjs differentiates it: moments plus elementwise ops. */
function batchNormTraining(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), gamma), beta);
}

/** Softmax cross-entropy from its pieces (max-shifted log-sum-exp), as a hand-written loss would. */
function crossEntropyPieces(logits: tf.Tensor): tf.Tensor {
  const labels = tf.oneHot(tf.tensor1d([3, 0, 5, 1], "int32"), 6);
  const shifted = tf.sub(logits, tf.max(logits, -1, true));
  const lse = tf.log(tf.sum(tf.exp(shifted), -1, true));
  return tf.neg(tf.sum(tf.mul(tf.cast(labels, "float32"), tf.sub(shifted, lse)), -1));
}

/**
 * The gradient computations training and attacks need, NHWC, covering every op family the engine
 * calls. Conv and pooling cases include stride 2, dilation 2, same/valid/explicit padding and
 * odd sizes; names follow the configuration.
 * @internal
 */
export const trainingGradCases: readonly TrainingGradCase[] = [
  gradCase(
    "conv2d x=[2,9,9,3] w=[3,3,3,4] s=2 same",
    [
      [2, 9, 9, 3],
      [3, 3, 3, 4],
    ],
    (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, "same"),
  ),
  gradCase(
    "conv2d x=[3,8,7,2] w=[2,3,2,5] s=1 valid",
    [
      [3, 8, 7, 2],
      [2, 3, 2, 5],
    ],
    (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, "valid"),
  ),
  gradCase(
    "conv2d x=[2,7,8,3] w=[3,2,3,2] s=[2,1] pad=[[0,0],[1,2],[2,0],[0,0]]",
    [
      [2, 7, 8, 3],
      [3, 2, 3, 2],
    ],
    (x, w) =>
      tf.conv2d(
        x as tf.Tensor4D,
        w as tf.Tensor4D,
        [2, 1],
        [
          [0, 0],
          [1, 2],
          [2, 0],
          [0, 0],
        ],
      ),
  ),
  gradCase(
    "depthwise x=[2,9,9,3] w=[3,3,3,2] s=2 same",
    [
      [2, 9, 9, 3],
      [3, 3, 3, 2],
    ],
    (x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, "same"),
  ),
  gradCase(
    "depthwise x=[1,8,7,4] w=[3,2,4,1] s=1 valid",
    [
      [1, 8, 7, 4],
      [3, 2, 4, 1],
    ],
    (x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, "valid"),
  ),
  gradCase("batchNorm training x=[4,5,5,3]", [[4, 5, 5, 3], [3], [3]], batchNormTraining),
  gradCase("batchNorm inference x=[2,4,4,3]", [[2, 4, 4, 3], [3], [3], [3], [3]], (x, m, v, s, o) =>
    tf.batchNorm(x, m, tf.add(tf.abs(v), 0.5), o, s, 1e-3),
  ),
  gradCase("relu x=[2,5,5,3]", [[2, 5, 5, 3]], (x) => tf.relu(x)),
  gradCase("maxPool x=[2,9,9,3] k=3 s=2 same", [[2, 9, 9, 3]], (x) =>
    tf.maxPool(x as tf.Tensor4D, 3, 2, "same"),
  ),
  gradCase("maxPool x=[2,8,8,3] k=2 s=2 valid", [[2, 8, 8, 3]], (x) =>
    tf.maxPool(x as tf.Tensor4D, 2, 2, "valid"),
  ),
  gradCase("avgPool x=[2,9,9,3] k=3 s=2 same", [[2, 9, 9, 3]], (x) =>
    tf.avgPool(x as tf.Tensor4D, 3, 2, "same"),
  ),
  gradCase("avgPool x=[2,7,7,3] k=2 s=1 valid", [[2, 7, 7, 3]], (x) =>
    tf.avgPool(x as tf.Tensor4D, 2, 1, "valid"),
  ),
  gradCase(
    "matMul a=[5,4]ᵀ b=[3,5]ᵀ",
    [
      [5, 4],
      [3, 5],
    ],
    (a, b) => tf.matMul(a, b, true, true),
  ),
  gradCase(
    "matMul batched a=[2,3,4] b=[2,4,5]",
    [
      [2, 3, 4],
      [2, 4, 5],
    ],
    (a, b) => tf.matMul(a, b),
  ),
  gradCase("softmaxCrossEntropy logits=[4,6]", [[4, 6]], (l) =>
    tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d([3, 0, 5, 1], "int32"), 6), l),
  ),
  gradCase("crossEntropy pieces logits=[4,6]", [[4, 6]], crossEntropyPieces),
  gradCase("logSoftmax x=[4,6]", [[4, 6]], (x) => tf.logSoftmax(x)),
  gradCase("gather params=[6,3] axis=0", [[6, 3]], (p) => tf.gather(p, tf.tensor1d([4, 0, 4, 2], "int32"))),
  gradCase("gather params=[4,6] axis=1", [[4, 6]], (p) => tf.gather(p, tf.tensor1d([5, 1, 1], "int32"), 1)),
  gradCase("sigmoid tanh x=[3,4]", [[3, 4]], (x) => tf.add(tf.sigmoid(x), tf.tanh(x))),
  gradCase("leakyRelu x=[3,4]", [[3, 4]], (x) => tf.leakyRelu(x, 0.1)),
  gradCase("prelu x=[2,3,4] alpha=[4]", [[2, 3, 4], [4]], (x, a) => tf.prelu(x, a)),
  gradCase("clipByValue x=[3,4]", [[3, 4]], (x) => tf.clipByValue(x, -0.4, 0.3)),
  gradCase("pad x=[2,3,4]", [[2, 3, 4]], (x) =>
    tf.pad(
      x,
      [
        [1, 0],
        [0, 2],
        [1, 1],
      ],
      0.5,
    ),
  ),
  gradCase(
    "concat a=[2,3] b=[2,4]",
    [
      [2, 3],
      [2, 4],
    ],
    (a, b) => tf.concat([a, b], 1),
  ),
  gradCase("split x=[2,6]", [[2, 6]], (x) => {
    const [a, b] = tf.split(x, [2, 4], 1);
    return tf.add(tf.sum(a, 1), tf.sum(b, 1));
  }),
  gradCase("transpose reshape x=[2,3,4]", [[2, 3, 4]], (x) => tf.reshape(tf.transpose(x, [2, 0, 1]), [4, 6])),
  gradCase("sum mean x=[2,3,4]", [[2, 3, 4]], (x) => tf.add(tf.sum(x, 1), tf.mean(x, 1))),
  gradCase("broadcast add sub mul div a=[2,3,4] b=[4]", [[2, 3, 4], [4]], (a, b) =>
    tf.div(tf.mul(tf.sub(tf.add(a, b), b), a), tf.add(tf.abs(b), 1)),
  ),
  gradCase("tile broadcastTo x=[1,3]", [[1, 3]], (x) =>
    tf.add(tf.tile(x, [2, 1]), tf.broadcastTo(x, [2, 3])),
  ),
  gradCase("sign abs x=[3,4]", [[3, 4]], (x) => tf.mul(tf.sign(x), tf.abs(x))),
  gradCase(
    "minimum maximum a=[3,4] b=[3,4]",
    [
      [3, 4],
      [3, 4],
    ],
    (a, b) => tf.add(tf.minimum(a, b), tf.maximum(a, b)),
  ),
  gradCase(
    "where a=[3,4] b=[3,4]",
    [
      [3, 4],
      [3, 4],
    ],
    (a, b) =>
      // The condition must not depend on a watched input: tfjs has no gradient for Greater.
      tf.where(tf.greater(rand([3, 4], 5), 0), a, b),
  ),
  gradCase("cast x=[3,4]", [[3, 4]], (x) => tf.cast(tf.cast(x, "float32"), "float32")),
  gradCase("slice x=[5,6]", [[5, 6]], (x) => tf.slice(x, [1, 2], [3, 3])),
  gradCase("resizeNearestNeighbor x=[1,3,3,2]", [[1, 3, 3, 2]], (x) =>
    tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [6, 5]),
  ),
  gradCase("resizeBilinear x=[1,3,3,2]", [[1, 3, 3, 2]], (x) =>
    tf.image.resizeBilinear(x as tf.Tensor4D, [6, 5]),
  ),
  gradCase("exp log sqrt square x=[3,4]", [[3, 4]], (x) =>
    tf.add(tf.log(tf.add(tf.exp(x), 1)), tf.sqrt(tf.add(tf.square(x), 1))),
  ),
  gradCase("softmax x=[3,5]", [[3, 5]], (x) => tf.softmax(x)),
  gradCase("elu selu x=[3,4]", [[3, 4]], (x) => tf.add(tf.elu(x), tf.selu(x))),
  gradCase("relu6 x=[3,4]", [[3, 4]], (x) => tf.relu6(tf.mul(x, 8))),
  gradCase("pow x=[3,4]", [[3, 4]], (x) => tf.pow(tf.add(tf.abs(x), 0.5), tf.scalar(1.5))),
  gradCase("unsortedSegmentSum x=[5,3]", [[5, 3]], (x) =>
    tf.unsortedSegmentSum(x, tf.tensor1d([1, 0, 1, 3, 0], "int32"), 4),
  ),
];
