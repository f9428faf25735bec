import type { Tensor } from "@tensorflow/tfjs-core";
import { unbroadcast } from "../broadcast-grad.js";
import type { OpImpl, OpResult } from "../op-impl.js";
import type { Value } from "../value.js";

/** Numpy broadcast of two shapes (already validated by shape inference). */
function broadcastShape(x: readonly number[], y: readonly number[]): number[] {
  const rank = Math.max(x.length, y.length);
  return Array.from({ length: rank }, (_, i) => {
    const dx = x[i - rank + x.length] ?? 1;
    const dy = y[i - rank + y.length] ?? 1;
    return dx === 1 ? dy : dx;
  });
}

/** Gemm: Y = α·op(A)·op(B) + β·C, rank-2 operands. */
export const gemmOp: OpImpl = {
  opType: "Gemm",
  inputLayouts: () => ["plain", "plain", "plain"],
  forward(ctx, [aIn, bIn, cIn]): OpResult {
    const { tf, kernels } = ctx;
    const attrs = ctx.node.attributes;
    const alpha = attrs.float("alpha", 1);
    const beta = attrs.float("beta", 1);
    const transA = attrs.int("transA", 0) === 1;
    const transB = attrs.int("transB", 0) === 1;
    const a = (aIn as Value).t;
    const b = (bIn as Value).t;
    let y = kernels.matMul(a, b, transA, transB);
    if (alpha !== 1) y = tf.mul(y, alpha);
    if (cIn && beta !== 0) {
      const c = cIn.t;
      y =
        c.rank === 1 && c.shape[0] === y.shape[1] && beta === 1
          ? kernels.biasAdd(y, c)
          : tf.add(y, tf.mul(c, beta));
    }
    return {
      outputs: [{ t: y, layout: "plain" }],
      backward: ([dyIn], need) => {
        const dy = alpha === 1 ? (dyIn as Tensor) : tf.mul(dyIn as Tensor, alpha);
        const da = need[0]
          ? transA
            ? kernels.matMul(b, dy, transB, true)
            : kernels.matMul(dy, b, false, !transB)
          : undefined;
        const db = need[1]
          ? transB
            ? kernels.matMul(dy, a, true, transA)
            : kernels.matMul(a, dy, !transA, false)
          : undefined;
        const dc =
          cIn && need[2] && beta !== 0
            ? unbroadcast(tf, tf.mul(dyIn as Tensor, beta), cIn.t.shape)
            : undefined;
        return [da, db, dc];
      },
    };
  },
};

/** MatMul with numpy semantics (rank-1 operands promoted, batch dims broadcast). */
export const matMulOp: OpImpl = {
  opType: "MatMul",
  inputLayouts: () => ["plain", "plain"],
  forward(ctx, [aIn, bIn]): OpResult {
    const { tf, kernels } = ctx;
    const a0 = (aIn as Value).t;
    const b0 = (bIn as Value).t;
    const a = a0.rank === 1 ? tf.reshape(a0, [1, a0.shape[0]]) : a0;
    const b = b0.rank === 1 ? tf.reshape(b0, [b0.shape[0], 1]) : b0;
    const plain2d = a.rank === 2 && b.rank === 2;
    const mm = (x: Tensor, y: Tensor, tx: boolean, ty: boolean) =>
      plain2d ? kernels.matMul(x, y, tx, ty) : tf.matMul(x, y, tx, ty);
    const y = tf.reshape(mm(a, b, false, false), [...ctx.outShape(0)]);
    return {
      outputs: [{ t: y, layout: "plain" }],
      backward: ([dyIn], need) => {
        const batch = broadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
        const dy = tf.reshape(dyIn as Tensor, [...batch, a.shape[a.rank - 2], b.shape[b.rank - 1]]);
        const da = need[0]
          ? tf.reshape(unbroadcast(tf, mm(dy, b, false, true), a.shape), a0.shape)
          : undefined;
        const db = need[1]
          ? tf.reshape(unbroadcast(tf, mm(a, dy, true, false), b.shape), b0.shape)
          : undefined;
        return [da, db];
      },
    };
  },
};
