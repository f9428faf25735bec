import { failedPrecondition } from "../../errors/normserve-error.js";
import type { GraphNode } from "../../onnx/graph-index.js";
import type { OpImpl } from "./op-impl.js";
import {
  clipOp,
  dropoutOp,
  hardSigmoidOp,
  hardSwishOp,
  identityOps,
  leakyReluOp,
  reluOp,
  sigmoidOp,
  tanhOp,
} from "./ops/activations.js";
import { batchNormalizationOp } from "./ops/batch-normalization.js";
import { convOp, convTransposeOp } from "./ops/conv.js";
import { elementwiseBinaryOps } from "./ops/elementwise-binary.js";
import { gemmOp, matMulOp } from "./ops/linear.js";
import { padOp, reduceMeanOp } from "./ops/pad-reduce.js";
import { averagePoolOp, globalPoolOps, maxPoolOp } from "./ops/pool.js";
import { concatOp, reshapeOps, softmaxOp, transposeOp } from "./ops/shape-ops.js";

/** Every op the executor runs (shape-only ops such as Shape, Gather or ConstantOfShape are folded before). */
export const executorOps: readonly OpImpl[] = [
  convOp,
  convTransposeOp,
  batchNormalizationOp,
  reluOp,
  leakyReluOp,
  sigmoidOp,
  tanhOp,
  clipOp,
  hardSigmoidOp,
  hardSwishOp,
  ...identityOps,
  dropoutOp,
  maxPoolOp,
  averagePoolOp,
  ...globalPoolOps,
  gemmOp,
  matMulOp,
  ...elementwiseBinaryOps,
  ...reshapeOps,
  transposeOp,
  concatOp,
  softmaxOp,
  padOp,
  reduceMeanOp,
];

const byType = new Map(executorOps.map((op) => [op.opType, op]));

/** The op implementation of a node, or FAILED_PRECONDITION naming the node and the supported ops. */
export function lookupOp(node: GraphNode): OpImpl {
  const op = node.domain === "" || node.domain === "ai.onnx" ? byType.get(node.opType) : undefined;
  if (!op)
    throw failedPrecondition(
      `${node.label}${node.domain ? ` (domain '${node.domain}')` : ""} is not supported by the engine; ` +
        `supported ops: ${[...byType.keys()].sort().join(", ")}`,
    );
  return op;
}
