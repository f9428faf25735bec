import type { onnx } from "../onnx-proto.js";
import { buildModel, floatAttr, type NodeSpec, node } from "./onnx-builder.js";
import { seededRandom } from "./seeded-random.js";

/** Options of {@link buildCifarResNet18Onnx}. */
export interface CifarResNet18Options {
  /** Scales every channel count (rounded, at least 1); default 1 (64-128-256-512). */
  readonly widthMultiplier?: number;
}

/** Collects nodes and seeded float32 initializers while the network is laid out. */
class ResNetWriter {
  readonly nodes: NodeSpec[] = [];
  readonly initializers: onnx.ITensorProto[] = [];
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  tensor(name: string, dims: readonly number[], lo: number, hi: number): string {
    const values = new Float32Array(dims.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = lo + (hi - lo) * this.next();
    this.initializers.push({ name, dims: [...dims], dataType: 1, rawData: new Uint8Array(values.buffer) });
    return name;
  }

  conv(name: string, x: string, cin: number, cout: number, k: number, stride: number): string {
    const bound = Math.sqrt(3 / (cin * k * k)); // unit-variance outputs for unit-variance inputs
    const w = this.tensor(`${name}.weight`, [cout, cin, k, k], -bound, bound);
    const p = (k - 1) / 2;
    const attributes = { kernel_shape: [k, k], strides: [stride, stride], pads: [p, p, p, p], group: 1 };
    this.nodes.push(node("Conv", [x, w], [`${name}.out`], attributes, name));
    return `${name}.out`;
  }

  bn(name: string, x: string, c: number): string {
    const inputs = [
      x,
      this.tensor(`${name}.weight`, [c], 0.5, 1.5),
      this.tensor(`${name}.bias`, [c], -0.1, 0.1),
      this.tensor(`${name}.running_mean`, [c], -0.1, 0.1),
      this.tensor(`${name}.running_var`, [c], 0.5, 1.5),
    ];
    this.nodes.push(node("BatchNormalization", inputs, [`${name}.out`], { epsilon: floatAttr(1e-5) }, name));
    return `${name}.out`;
  }

  op(opType: string, name: string, inputs: readonly string[]): string {
    this.nodes.push(node(opType, inputs, [`${name}.out`], undefined, name));
    return `${name}.out`;
  }

  /** BasicBlock: conv3×3-BN-ReLU-conv3×3-BN + shortcut (1×1 conv + BN when the shape changes), ReLU. */
  block(name: string, x: string, cin: number, cout: number, stride: number): string {
    let y = this.op("Relu", `${name}.relu1`, [
      this.bn(`${name}.bn1`, this.conv(`${name}.conv1`, x, cin, cout, 3, stride), cout),
    ]);
    y = this.bn(`${name}.bn2`, this.conv(`${name}.conv2`, y, cout, cout, 3, 1), cout);
    const shortcut =
      stride !== 1 || cin !== cout
        ? this.bn(`${name}.shortcut.1`, this.conv(`${name}.shortcut.0`, x, cin, cout, 1, stride), cout)
        : x;
    return this.op("Relu", `${name}.relu2`, [this.op("Add", `${name}.add`, [y, shortcut])]);
  }
}

/**
 * A CIFAR ResNet-18 as ONNX bytes (opset 13, input `input` `[batch, 3, 32, 32]`, output `logits`):
 * conv3×3 3→64, four stages of two BasicBlocks (64/128/256/512, stride 2 with 1×1 projection
 * shortcuts at stages 2–4), BN after every conv, ReLU, residual Add, GlobalAveragePool, Flatten,
 * Gemm 512→10. Weights are seeded pseudo-random float32 in raw_data (variances positive): at
 * width 1 about 11.2 M parameters, 45 MB. 20 Conv + 20 BatchNormalization + 1 Gemm layers.
 */
export function buildCifarResNet18Onnx(seed: number, options: CifarResNet18Options = {}): Uint8Array {
  const width = (c: number) => Math.max(1, Math.round(c * (options.widthMultiplier ?? 1)));
  const w = new ResNetWriter(seed);
  const c0 = width(64);
  let x = w.op("Relu", "relu", [w.bn("bn1", w.conv("conv1", "input", 3, c0, 3, 1), c0)]);
  let cin = c0;
  [64, 128, 256, 512].forEach((c, stage) => {
    const cout = width(c);
    x = w.block(`layer${stage + 1}.0`, x, cin, cout, stage === 0 ? 1 : 2);
    x = w.block(`layer${stage + 1}.1`, x, cout, cout, 1);
    cin = cout;
  });
  x = w.op("Flatten", "flatten", [w.op("GlobalAveragePool", "avgpool", [x])]);
  const fcBound = 1 / Math.sqrt(cin);
  const fcW = w.tensor("fc.weight", [10, cin], -fcBound, fcBound);
  const fcB = w.tensor("fc.bias", [10], -fcBound, fcBound);
  w.nodes.push(node("Gemm", [x, fcW, fcB], ["logits"], { transB: 1 }, "fc"));
  return buildModel({
    inputs: [{ name: "input", shape: ["batch", 3, 32, 32] }],
    outputs: [{ name: "logits", shape: ["batch", 10] }],
    nodes: w.nodes,
    initializers: w.initializers,
    opset: 13,
  });
}
