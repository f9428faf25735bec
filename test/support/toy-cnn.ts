/**
 * A tiny CNN written by hand for the norm-decay training test: conv 1→2 3×3 (valid) on a 6×6
 * input → ReLU → linear 32→1 → squared loss. Forward and backward over a mini-batch, plain loops.
 */
export interface ToyCnn {
  /** Conv kernel [2,1,3,3] (float32, as a framework would hold it). */
  readonly conv: Float32Array;
  readonly convBias: Float64Array;
  /** Linear weight [1,32] (float64). */
  readonly fc: Float64Array;
  fcBias: number;
}

/** Gradients of a {@link ToyCnn}'s parameters, same layouts. */
export interface ToyGradients {
  readonly conv: Float32Array;
  readonly convBias: Float64Array;
  readonly fc: Float64Array;
  fcBias: number;
}

/** A toy CNN with weights from `rand` (uniform in [−1, 1)) times `scale`. */
export function makeToyCnn(rand: () => number, scale: number): ToyCnn {
  return {
    conv: Float32Array.from({ length: 18 }, () => scale * rand()),
    convBias: Float64Array.from({ length: 2 }, () => 0.1 * rand()),
    fc: Float64Array.from({ length: 32 }, () => (scale * rand()) / 4),
    fcBias: 0,
  };
}

function convRelu(model: ToyCnn, x: Float64Array, pre: Float64Array, h: Float64Array): void {
  for (let o = 0; o < 2; o++)
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) {
        let s = model.convBias[o];
        for (let p = 0; p < 3; p++)
          for (let q = 0; q < 3; q++) s += model.conv[o * 9 + p * 3 + q] * x[(i + p) * 6 + j + q];
        const k = o * 16 + i * 4 + j;
        pre[k] = s;
        h[k] = Math.max(s, 0);
      }
}

/** The model's output for one 6×6 input. */
export function toyForward(model: ToyCnn, x: Float64Array): number {
  const pre = new Float64Array(32);
  const h = new Float64Array(32);
  convRelu(model, x, pre, h);
  let out = model.fcBias;
  for (let k = 0; k < 32; k++) out += model.fc[k] * h[k];
  return out;
}

/** Mean squared-loss gradients (½(out − t)²) over a batch; returns the mean loss. */
export function toyBackward(
  model: ToyCnn,
  xs: readonly Float64Array[],
  targets: readonly number[],
  grads: ToyGradients,
): number {
  grads.conv.fill(0);
  grads.convBias.fill(0);
  grads.fc.fill(0);
  grads.fcBias = 0;
  const pre = new Float64Array(32);
  const h = new Float64Array(32);
  const conv = new Float64Array(18);
  let loss = 0;
  const inv = 1 / xs.length;
  xs.forEach((x, n) => {
    convRelu(model, x, pre, h);
    let out = model.fcBias;
    for (let k = 0; k < 32; k++) out += model.fc[k] * h[k];
    const d = (out - targets[n]) * inv;
    loss += 0.5 * (out - targets[n]) ** 2 * inv;
    grads.fcBias += d;
    for (let k = 0; k < 32; k++) {
      grads.fc[k] += d * h[k];
      const dy = pre[k] > 0 ? d * model.fc[k] : 0;
      if (dy === 0) continue;
      const o = k >> 4;
      const i = (k >> 2) & 3;
      const j = k & 3;
      grads.convBias[o] += dy;
      for (let p = 0; p < 3; p++)
        for (let q = 0; q < 3; q++) conv[o * 9 + p * 3 + q] += dy * x[(i + p) * 6 + j + q];
    }
  });
  grads.conv.set(conv);
  return loss;
}
