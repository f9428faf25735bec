import type { ShapeRule } from "./shape-rule.js";

/** Ops whose every output has the shape of input 0, with the opset they appeared in. */
const SAME_SHAPE_OPS: ReadonlyArray<readonly [string, number]> = [
  ["Relu", 1],
  ["LeakyRelu", 1],
  ["PRelu", 1],
  ["Sigmoid", 1],
  ["Tanh", 1],
  ["Clip", 1],
  ["Elu", 1],
  ["Selu", 1],
  ["Celu", 12],
  ["HardSigmoid", 1],
  ["HardSwish", 14],
  ["Softplus", 1],
  ["Softsign", 1],
  ["Mish", 18],
  ["Gelu", 20],
  ["Erf", 9],
  ["Exp", 1],
  ["Log", 1],
  ["Neg", 1],
  ["Abs", 1],
  ["Sqrt", 1],
  ["Reciprocal", 1],
  ["Floor", 1],
  ["Ceil", 1],
  ["Dropout", 1],
  ["Softmax", 1],
  ["LogSoftmax", 1],
  ["LRN", 1],
  ["InstanceNormalization", 1],
];

/**
 * Unary and shape-preserving ops (activations, Dropout and its mask, Softmax/LogSoftmax):
 * every output has input 0's shape.
 */
export const sameShapeRules: readonly ShapeRule[] = SAME_SHAPE_OPS.map(([opType, since]) => ({
  opType,
  since,
  inferShape(ctx) {
    const shape = ctx.shape(0);
    return ctx.node.outputs.map(() => shape);
  },
}));
