import type { Tensor } from "@tensorflow/tfjs-core";
// tfjs-core alone registers no gradients (the tfjs umbrella package does); tf.grads needs them.
import "@tensorflow/tfjs-core/dist/register_all_gradients.js";
import { expect } from "vitest";
import { mulberry32 } from "../../math/mulberry32.js";
import { OnnxExecutor } from "../executor/onnx-executor.js";
import type { ExecutionMode } from "../executor/op-impl.js";
import { seededFloats } from "../executor/testing/seeded-floats.js";
import { createTfjsKernels } from "../kernels/tfjs-kernels.js";
import { type BackendTestEnv, useBackend } from "./describe-with-backends.js";

/** Finite-difference settings of an {@link OpCheck}. @internal */
export interface FiniteDifferenceOptions {
  /** Step (default 1e-2: float32 forward passes). */
  readonly eps?: number;
  /** |fd − g| ≤ atol + rtol·|g| (defaults 5e-3 and 2e-2). */
  readonly atol?: number;
  readonly rtol?: number;
  /** Random coordinates probed per tensor (default 4). */
  readonly coords?: number;
}

/** One op configuration checked by {@link checkOp}. @internal */
export interface OpCheck {
  readonly model: Uint8Array;
  readonly inputShape: readonly number[];
  /** Default "eval". */
  readonly mode?: ExecutionMode;
  /** Input values (default: seeded uniform in [−1, 1)). */
  readonly input?: Float32Array;
  /**
   * Independent float64 forward: the flat output (ONNX layout) from the input and the
   * initializers (ONNX layout). Omitted only when the test checks the forward itself.
   */
  readonly reference?: (x: Float64Array, param: (name: string) => Float64Array) => ArrayLike<number>;
  /** Forward tolerance: |y − ref| ≤ tol·max(1, |ref|) (default 1e-4). */
  readonly tol?: number;
  /** false: no finite differences (the op is not differentiable at the probed points). */
  readonly fd?: false | FiniteDifferenceOptions;
  /** Why tfjs autodiff cannot serve as the reference here (the check then relies on finite differences). */
  readonly noAutodiff?: string;
  /** Executor seed (dropout masks); every executor of a check gets the same one. */
  readonly seed?: number;
}

/** What {@link checkOp} measured, for extra assertions. @internal */
export interface OpCheckResult {
  readonly output: Float32Array;
  readonly outputShape: readonly number[];
  readonly dx: Float32Array;
  /** Weight gradients in ONNX layout. */
  readonly dw: ReadonlyMap<string, Float32Array>;
}

/** Asserts |a − b| ≤ atol + rtol·|b| elementwise, naming the worst element. @internal */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  atol: number,
  rtol: number,
  label: string,
): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const excess = Math.abs(actual[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
    if (!(excess <= worstExcess)) {
      worst = i;
      worstExcess = Number.isNaN(excess) ? Number.POSITIVE_INFINITY : excess;
    }
  }
  if (worst >= 0)
    expect.fail(
      `${label}: element ${worst} is ${actual[worst]}, expected ${expected[worst]} (atol ${atol}, rtol ${rtol})`,
    );
}

/**
 * Values at least `gap` apart (a shuffled grid centred on 0): max-pool windows have no near-ties
 * and kinks can be kept away from by the grid offset.
 * @internal
 */
export function spreadValues(n: number, seed: number, gap = 0.05, offset = 0.013): Float32Array {
  const r = mulberry32(seed);
  const v = Float32Array.from({ length: n }, (_, i) => (i - n / 2) * gap + offset);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [v[i], v[j]] = [v[j], v[i]];
  }
  return v;
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function weightGradsOnnx(exe: OnnxExecutor, grads: Map<string, Tensor>): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [name, g] of grads) {
    const t = exe.params.toOnnxLayout(name, g);
    out.set(name, Float32Array.from(t.dataSync()));
    if (t !== g) t.dispose();
    g.dispose();
  }
  return out;
}

/** tfjs autodiff of sum(R·output) through the executor's forward, on the active backend. */
function autodiff(
  env: BackendTestEnv,
  check: OpCheck,
  x: Float32Array,
  r: Float32Array,
  outShape: readonly number[],
): { dx: Float32Array; dw: Map<string, Float32Array> } {
  const tf = env.tf;
  const kernels = env.name === "tensorflow" ? createTfjsKernels(tf) : env.kernels;
  const exe = OnnxExecutor.create(check.model, { tf, kernels, seed: check.seed ?? 0 });
  try {
    const names = exe.params.weightNames();
    const xT = tf.tensor(x, [...check.inputShape], "float32");
    const dy = tf.tensor(r, [...outShape], "float32");
    // Clones of the stored (storage-layout) weights; the store takes them over in f.
    const args = [xT, ...names.map((n) => exe.params.get(n)?.tensor.clone() as Tensor)];
    const f = (...ts: Tensor[]): Tensor => {
      names.forEach((n, i) => {
        exe.params.set(n, ts[i + 1]);
      });
      // sum(R·y) rather than dy = R: an Identity's output is its input, which tf.grads refuses.
      return tf.sum(tf.mul(exe.record(ts[0], check.mode ?? "eval").output, dy));
    };
    const grads = tf.grads(f)(args);
    const dx = Float32Array.from(grads[0].dataSync());
    const dw = weightGradsOnnx(exe, new Map(names.map((n, i) => [n, grads[i + 1]])));
    tf.dispose([xT, dy, grads[0]]);
    return { dx, dw };
  } finally {
    exe.dispose();
  }
}

/**
 * Checks one op configuration on `env`'s backend: (a) the forward against the float64
 * reference; (b) the hand-written backward (input and weight gradients of sum(R·y) for a seeded
 * random R) against tfjs autodiff through the executor's own forward — on the native backend,
 * whose raw TF ops tfjs cannot differentiate, against the cpu backend's; (c) the same gradients
 * against central finite differences at a few seeded coordinates.
 * @internal
 */
export async function checkOp(env: BackendTestEnv, check: OpCheck): Promise<OpCheckResult> {
  const { tf, kernels } = env;
  const mode = check.mode ?? "eval";
  const seed = check.seed ?? 0;
  const x = check.input ?? seededFloats(11, size(check.inputShape));
  const make = () => OnnxExecutor.create(check.model, { tf, kernels, seed });

  // Executor forward and backward.
  const exe = make();
  let output: Float32Array;
  let outShape: number[];
  let r: Float32Array;
  let dx: Float32Array;
  let dw: Map<string, Float32Array>;
  const onnxParams = new Map<string, Float64Array>();
  try {
    for (const p of exe.params.all()) onnxParams.set(p.name, Float64Array.from(exe.params.readSync(p.name)));
    const xT = tf.tensor(x, [...check.inputShape], "float32");
    const rec = exe.record(xT, mode);
    try {
      output = Float32Array.from(rec.output.dataSync());
      outShape = [...rec.output.shape];
      r = seededFloats(29, output.length);
      const dy = tf.tensor(r, outShape, "float32");
      const grads = rec.backward(dy, { weights: true, input: true });
      expect(grads.input, "input gradient").toBeDefined();
      dx = Float32Array.from((grads.input as Tensor).dataSync());
      (grads.input as Tensor).dispose();
      expect([...grads.weights.keys()].sort(), "weight gradients").toEqual(exe.params.weightNames().sort());
      dw = weightGradsOnnx(exe, grads.weights);
      dy.dispose();
    } finally {
      rec.dispose();
    }
    // A second step must leave as many tensors and backend data ids (tfjs-node: native tensor
    // handles) as it found: the first may create constant caches.
    const counts = () => ({ tensors: tf.memory().numTensors, dataIds: tf.backend().numDataIds() });
    const before = counts();
    const again = exe.record(xT, mode);
    const dy = tf.tensor(r, outShape, "float32");
    const g2 = again.backward(dy, { weights: true, input: true });
    tf.dispose([dy, ...g2.weights.values(), ...(g2.input ? [g2.input] : [])]);
    again.dispose();
    expect(counts(), "tensor counts after a second record/backward/dispose").toEqual(before);
    xT.dispose();
  } finally {
    exe.dispose();
  }

  // (a) forward vs the float64 reference.
  if (check.reference) {
    const param = (name: string): Float64Array => {
      const v = onnxParams.get(name);
      if (!v) throw new Error(`no initializer '${name}'`);
      return v;
    };
    const ref = check.reference(Float64Array.from(x), param);
    const tol = check.tol ?? 1e-4;
    expectClose(output, ref, tol, tol, "forward vs float64 reference");
  }

  // (b) hand-written backward vs tfjs autodiff.
  if (check.noAutodiff === undefined) {
    const autodiffBackend = env.name === "tensorflow" ? "cpu" : env.name;
    await useBackend(autodiffBackend);
    let auto: { dx: Float32Array; dw: Map<string, Float32Array> };
    try {
      auto = autodiff(env, check, x, r, outShape);
    } finally {
      await useBackend(env.name);
    }
    expectClose(dx, auto.dx, 1e-4, 1e-3, `d input vs autodiff (${autodiffBackend})`);
    for (const [name, g] of dw)
      expectClose(g, auto.dw.get(name) ?? [], 1e-4, 1e-3, `d ${name} vs autodiff (${autodiffBackend})`);
  }

  // (c) central finite differences.
  if (check.fd !== false) {
    const o = check.fd ?? {};
    const eps = o.eps ?? 1e-2;
    const loss = (xv: Float32Array, override?: { name: string; values: Float32Array }): number => {
      const e = make();
      try {
        if (override) {
          const p = e.params.get(override.name);
          const onnx = tf.tensor(override.values, [...(p?.shape ?? [])], "float32");
          e.params.set(override.name, e.params.fromOnnxLayout(override.name, onnx));
          if (e.params.get(override.name)?.tensor !== onnx) onnx.dispose();
        }
        const xT = tf.tensor(xv, [...check.inputShape], "float32");
        const y = e.forward(xT, mode);
        const data = y.dataSync();
        let s = 0;
        for (let i = 0; i < data.length; i++) s += r[i] * data[i];
        y.dispose();
        xT.dispose();
        return s;
      } finally {
        e.dispose();
      }
    };
    const probe = (
      values: Float32Array,
      grad: Float32Array,
      label: string,
      at: (v: Float32Array) => number,
    ) => {
      const rnd = mulberry32(values.length * 7 + 3);
      const picks = new Set<number>();
      const count = Math.min(o.coords ?? 4, values.length);
      while (picks.size < count) picks.add(Math.floor(rnd() * values.length));
      const fd: number[] = [];
      const g: number[] = [];
      for (const i of picks) {
        const plus = values.slice();
        plus[i] += eps;
        const minus = values.slice();
        minus[i] -= eps;
        fd.push((at(plus) - at(minus)) / (2 * eps));
        g.push(grad[i]);
      }
      expectClose(g, fd, o.atol ?? 5e-3, o.rtol ?? 2e-2, `${label} vs finite differences at [${[...picks]}]`);
    };
    probe(x, dx, "d input", (v) => loss(v));
    for (const [name, g] of dw) {
      const values = Float32Array.from(onnxParams.get(name) ?? []);
      probe(values, g, `d ${name}`, (v) => loss(x, { name, values: v }));
    }
  }
  return { output, outputShape: outShape, dx, dw };
}
