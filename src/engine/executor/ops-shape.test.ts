import { it } from "vitest";
import { buildModel, node } from "../../onnx/testing/onnx-builder.js";
import { singleOpModel } from "../../onnx/testing/single-op-model.js";
import { floatTensor, int64Tensor, randomFloatTensor } from "../../onnx/testing/tensors.js";
import { describeWithBackends } from "../testing/describe-with-backends.js";
import { checkOp } from "../testing/op-grad-check.js";
import { refConv } from "../testing/reference-conv.js";

const X = [2, 3, 3, 3];
const W1 = [2, 3, 3, 3];
const W2 = [3, 3, 3, 3];
const conv1 = node("Conv", ["x", "w1"], ["c1"], { pads: [1, 1, 1, 1] });
const conv2 = node("Conv", ["x", "w2"], ["c2"], { pads: [1, 1, 1, 1] });
const w1 = randomFloatTensor("w1", W1, 7);
const w2 = randomFloatTensor("w2", W2, 8);
type Param = (name: string) => Float64Array;
const ref1 = (x: Float64Array, p: Param) => refConv(x, X, p("w1"), W1, undefined, { pads: [1, 1, 1, 1] }).y;
const ref2 = (x: Float64Array, p: Param) => refConv(x, X, p("w2"), W2, undefined, { pads: [1, 1, 1, 1] }).y;

const strides = (shape: readonly number[]): number[] =>
  shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));

/** Float64 transpose of row-major data. */
function transpose(x: ArrayLike<number>, shape: readonly number[], perm: readonly number[]): Float64Array {
  const out = perm.map((p) => shape[p]);
  const s = strides(shape);
  const os = strides(out);
  const y = new Float64Array(x.length);
  for (let flat = 0; flat < y.length; flat++) {
    let src = 0;
    for (let i = 0; i < out.length; i++) src += (Math.floor(flat / os[i]) % out[i]) * s[perm[i]];
    y[flat] = x[src];
  }
  return y;
}

/** Float64 concatenation along `axis`. */
function concat(parts: { x: ArrayLike<number>; shape: readonly number[] }[], axis: number): Float64Array {
  const outer = parts[0].shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const y: number[] = [];
  for (let o = 0; o < outer; o++)
    for (const { x, shape } of parts) {
      const block = shape.slice(axis).reduce((a, b) => a * b, 1);
      for (let k = 0; k < block; k++) y.push(x[o * block + k]);
    }
  return Float64Array.from(y);
}

/** Float64 constant pad (negative pads crop) of row-major data. */
function pad(
  x: ArrayLike<number>,
  shape: readonly number[],
  pads: readonly number[],
  value: number,
): Float64Array {
  const r = shape.length;
  const out = shape.map((d, i) => d + pads[i] + pads[i + r]);
  const s = strides(shape);
  const os = strides(out);
  const y = new Float64Array(out.reduce((a, b) => a * b, 1));
  for (let flat = 0; flat < y.length; flat++) {
    let src = 0;
    let inside = true;
    for (let i = 0; i < r; i++) {
      const c = (Math.floor(flat / os[i]) % out[i]) - pads[i];
      if (c < 0 || c >= shape[i]) inside = false;
      src += c * s[i];
    }
    y[flat] = inside ? x[src] : value;
  }
  return y;
}

function softmaxRows(
  x: ArrayLike<number>,
  rows: number,
  cols: number,
  stride: number,
  inner: number,
): Float64Array {
  const y = new Float64Array(x.length);
  for (let r = 0; r < rows; r++)
    for (let i = 0; i < inner; i++) {
      const at = (c: number) => r * cols * stride + c * stride + i;
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < cols; c++) max = Math.max(max, x[at(c)]);
      let sum = 0;
      for (let c = 0; c < cols; c++) sum += Math.exp(x[at(c)] - max);
      for (let c = 0; c < cols; c++) y[at(c)] = Math.exp(x[at(c)] - max) / sum;
    }
  return y;
}

const model = (nodes: ReturnType<typeof node>[], initializers = [w1, w2], opset = 13, shape = X) =>
  buildModel({ inputs: [{ name: "x", shape }], nodes, initializers, opset });

describeWithBackends("executor shape ops", (env) => {
  it("Concat axis=1 of Conv(x)[2,2,3,3] and Conv(x)[2,3,3,3] (both channels-last)", async () => {
    await checkOp(env, {
      model: model([conv1, conv2, node("Concat", ["c1", "c2"], ["y"], { axis: 1 })]),
      inputShape: X,
      reference: (x, p) =>
        concat(
          [
            { x: ref1(x, p), shape: [2, 2, 3, 3] },
            { x: ref2(x, p), shape: X },
          ],
          1,
        ),
    });
  });

  it("Concat axis=1 of Conv(x) (channels-last) and x (plain)", async () => {
    await checkOp(env, {
      model: model([conv1, node("Concat", ["c1", "x"], ["y"], { axis: 1 })], [w1]),
      inputShape: X,
      reference: (x, p) =>
        concat(
          [
            { x: ref1(x, p), shape: [2, 2, 3, 3] },
            { x, shape: X },
          ],
          1,
        ),
    });
  });

  it("Concat axis=-1 of x[2,3,4] and Tanh(x) (plain)", async () => {
    const shape = [2, 3, 4];
    await checkOp(env, {
      model: model(
        [node("Tanh", ["x"], ["t"]), node("Concat", ["x", "t"], ["y"], { axis: -1 })],
        [],
        13,
        shape,
      ),
      inputShape: shape,
      reference: (x) =>
        concat(
          [
            { x, shape },
            { x: Array.from(x, Math.tanh), shape },
          ],
          2,
        ),
    });
  });

  it("Flatten axis=1 of Conv(x) (channels-last → NCHW order)", async () => {
    await checkOp(env, {
      model: model([conv1, node("Flatten", ["c1"], ["y"], { axis: 1 })], [w1]),
      inputShape: X,
      reference: ref1,
    });
  });

  it("Reshape Conv(x) to [2,-1] and x[2,3,4] to [4,3,2]", async () => {
    await checkOp(env, {
      model: model([conv1, node("Reshape", ["c1", "s"], ["y"])], [w1, int64Tensor("s", [2, -1])]),
      inputShape: X,
      reference: ref1,
    });
    await checkOp(env, {
      model: model([node("Reshape", ["x", "s"], ["y"])], [int64Tensor("s", [4, 3, 2])], 13, [2, 3, 4]),
      inputShape: [2, 3, 4],
      reference: (x) => x,
    });
  });

  it("Transpose perm=[0,2,3,1] of Conv(x); default perm of x[2,3,4]", async () => {
    await checkOp(env, {
      model: model([conv1, node("Transpose", ["c1"], ["y"], { perm: [0, 2, 3, 1] })], [w1]),
      inputShape: X,
      reference: (x, p) => transpose(ref1(x, p), [2, 2, 3, 3], [0, 2, 3, 1]),
    });
    await checkOp(env, {
      model: model([node("Transpose", ["x"], ["y"])], [], 13, [2, 3, 4]),
      inputShape: [2, 3, 4],
      reference: (x) => transpose(x, [2, 3, 4], [2, 1, 0]),
    });
  });

  it("Unsqueeze axes=[1] then Squeeze axes=[1] (opset 13 inputs); Squeeze opset 11 attribute", async () => {
    await checkOp(env, {
      model: model(
        [
          node("Unsqueeze", ["x", "a"], ["u"]),
          node("Tanh", ["u"], ["t"]),
          node("Squeeze", ["t", "a"], ["y"]),
        ],
        [int64Tensor("a", [1])],
        13,
        [2, 3, 4],
      ),
      inputShape: [2, 3, 4],
      reference: (x) => Array.from(x, Math.tanh),
    });
    await checkOp(env, {
      model: singleOpModel({
        op: "Squeeze",
        inputs: ["x"],
        data: { x: [2, 1, 4] },
        attributes: { axes: [1] },
        opset: 11,
      }),
      inputShape: [2, 1, 4],
      reference: (x) => x,
    });
  });

  for (const [label, pads, value] of [
    ["pads=[0,1,0,2, 0,0,1,1] value=0.5", [0, 1, 0, 2, 0, 0, 1, 1], 0.5],
    ["negative pads=[0,0,-1,1, 0,-1,0,-1]", [0, 0, -1, 1, 0, -1, 0, -1], 0],
  ] as const)
    it(`Pad constant ${label} of x and of Conv(x) (channels-last)`, async () => {
      const inits = [int64Tensor("p", [...pads]), floatTensor("v", [], [value])];
      await checkOp(env, {
        model: model([node("Pad", ["x", "p", "v"], ["y"])], inits),
        inputShape: X,
        reference: (x) => pad(x, X, pads, value),
      });
      await checkOp(env, {
        model: model([conv1, node("Pad", ["c1", "p", "v"], ["y"])], [w1, ...inits]),
        inputShape: X,
        reference: (x, p) => pad(ref1(x, p), [2, 2, 3, 3], pads, value),
      });
    });

  it("Pad opset 2 (pads attribute)", async () => {
    await checkOp(env, {
      model: singleOpModel({
        op: "Pad",
        inputs: ["x"],
        data: { x: [2, 3, 4] },
        attributes: { pads: [0, 1, 1, 0, 0, 2] },
        opset: 2,
      }),
      inputShape: [2, 3, 4],
      reference: (x) => pad(x, [2, 3, 4], [0, 1, 1, 0, 0, 2], 0),
    });
  });

  it("Softmax opset 11 axis=1 of x[2,3,4]: over the 12 trailing values", async () => {
    await checkOp(env, {
      model: singleOpModel({
        op: "Softmax",
        inputs: ["x"],
        data: { x: [2, 3, 4] },
        attributes: { axis: 1 },
        opset: 11,
      }),
      inputShape: [2, 3, 4],
      reference: (x) => softmaxRows(x, 2, 12, 1, 1),
    });
  });

  it("Softmax opset 13 axis=1 of x[2,3,4]: over axis 1 only; default axis=-1", async () => {
    await checkOp(env, {
      model: singleOpModel({ op: "Softmax", inputs: ["x"], data: { x: [2, 3, 4] }, attributes: { axis: 1 } }),
      inputShape: [2, 3, 4],
      reference: (x) => softmaxRows(x, 2, 3, 4, 4),
    });
    await checkOp(env, {
      model: singleOpModel({ op: "Softmax", inputs: ["x"], data: { x: [2, 3, 4] } }),
      inputShape: [2, 3, 4],
      reference: (x) => softmaxRows(x, 6, 4, 1, 1),
    });
  });

  for (const keepdims of [0, 1])
    it(`ReduceMean axes=[2,3] keepdims=${keepdims} of Conv(x) and axes=[1] of x[2,3,4]`, async () => {
      const mean = (v: ArrayLike<number>, groups: number, n: number, stride: number) =>
        Array.from({ length: groups * stride }, (_, g) => {
          const [o, i] = [Math.floor(g / stride), g % stride];
          let s = 0;
          for (let k = 0; k < n; k++) s += v[(o * n + k) * stride + i];
          return s / n;
        });
      await checkOp(env, {
        model: model([conv1, node("ReduceMean", ["c1"], ["y"], { axes: [2, 3], keepdims })], [w1]),
        inputShape: X,
        reference: (x, p) => mean(ref1(x, p), 4, 9, 1),
      });
      await checkOp(env, {
        model: model([node("ReduceMean", ["x"], ["y"], { axes: [1], keepdims })], [], 13, [2, 3, 4]),
        inputShape: [2, 3, 4],
        reference: (x) => mean(x, 2, 3, 4),
      });
    });
});
