import { mulberry32 } from "../../math/mulberry32.js";
import { buildModel, floatAttr, type NodeSpec, node } from "../build/onnx-builder.js";
import { OnnxDataType } from "../onnx-data-type.js";
import type { onnx } from "../onnx-proto.js";

/** A Conv to lay out. @internal */
export interface ConvSpec {
  readonly cin: number;
  readonly cout: number;
  readonly kernel: number;
  readonly stride?: number;
  /** Symmetric zero padding; default `(kernel - 1) / 2` like the zoo's 3×3 "same" convs. */
  readonly pad?: number;
  readonly groups?: number;
  readonly bias?: boolean;
}

/**
 * Lays out a network as ONNX nodes plus float32 initializers, initialised like PyTorch's
 * `reset_parameters` from one seeded stream (draws happen in module order: weight, then bias).
 * Every method returns the name of the tensor it produced, so builders read like forward().
 * @internal
 */
export class ZooWriter {
  readonly nodes: NodeSpec[] = [];
  readonly initializers: onnx.ITensorProto[] = [];
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** A float32 initializer (raw_data, little-endian as Float32Array is on every supported host). */
  private tensor(name: string, dims: readonly number[], values: Float32Array): string {
    this.initializers.push({
      name,
      dims: [...dims],
      dataType: OnnxDataType.FLOAT,
      rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
    });
    return name;
  }

  private uniform(name: string, dims: readonly number[], bound: number): string {
    const values = new Float32Array(dims.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = -bound + 2 * bound * this.next();
    return this.tensor(name, dims, values);
  }

  private constant(name: string, length: number, value: number): string {
    return this.tensor(name, [length], new Float32Array(length).fill(value));
  }

  /**
   * Conv named `name` (weight `name.weight`, bias `name.bias`). Kaiming-uniform with a = √5 gives
   * bound √(6 / ((1 + a²)·fan_in)) = 1/√fan_in, the same bound PyTorch uses for the bias.
   */
  conv(name: string, x: string, spec: ConvSpec): string {
    const { cin, cout, kernel: k, stride = 1, groups = 1, bias = false } = spec;
    const pad = spec.pad ?? (k - 1) / 2;
    const bound = 1 / Math.sqrt((cin / groups) * k * k);
    const inputs = [x, this.uniform(`${name}.weight`, [cout, cin / groups, k, k], bound)];
    if (bias) inputs.push(this.uniform(`${name}.bias`, [cout], bound));
    const attributes = {
      dilations: [1, 1],
      group: groups,
      kernel_shape: [k, k],
      pads: [pad, pad, pad, pad],
      strides: [stride, stride],
    };
    this.nodes.push(node("Conv", inputs, [`${name}.out`], attributes, name));
    return `${name}.out`;
  }

  /** BatchNormalization in PyTorch's fresh state: γ = 1, β = 0, running mean 0, running var 1. */
  bn(name: string, x: string, channels: number): string {
    const inputs = [
      x,
      this.constant(`${name}.weight`, channels, 1),
      this.constant(`${name}.bias`, channels, 0),
      this.constant(`${name}.running_mean`, channels, 0),
      this.constant(`${name}.running_var`, channels, 1),
    ];
    // momentum 0.9 is PyTorch's 0.1 in ONNX's convention, as torch.onnx.export writes it.
    const attributes = { epsilon: floatAttr(1e-5), momentum: floatAttr(0.9) };
    this.nodes.push(node("BatchNormalization", inputs, [`${name}.out`], attributes, name));
    return `${name}.out`;
  }

  /** `Linear(in, out)` as PyTorch exports it: Gemm with transB = 1 and an `[out, in]` weight. */
  linear(name: string, x: string, inFeatures: number, outFeatures: number, output?: string): string {
    const bound = 1 / Math.sqrt(inFeatures);
    const w = this.uniform(`${name}.weight`, [outFeatures, inFeatures], bound);
    const b = this.uniform(`${name}.bias`, [outFeatures], bound);
    const out = output ?? `${name}.out`;
    this.nodes.push(
      node("Gemm", [x, w, b], [out], { alpha: floatAttr(1), beta: floatAttr(1), transB: 1 }, name),
    );
    return out;
  }

  /** 2×2 max pooling with stride 2 (`nn.MaxPool2d(2)`). */
  maxPool(name: string, x: string): string {
    const attributes = { kernel_shape: [2, 2], pads: [0, 0, 0, 0], strides: [2, 2] };
    this.nodes.push(node("MaxPool", [x], [`${name}.out`], attributes, name));
    return `${name}.out`;
  }

  /** A parameterless node (Relu, Add, Mul, Sigmoid, GlobalAveragePool, Flatten with axis 1). */
  op(opType: string, name: string, inputs: readonly string[]): string {
    const attributes = opType === "Flatten" ? { axis: 1 } : undefined;
    this.nodes.push(node(opType, inputs, [`${name}.out`], attributes, name));
    return `${name}.out`;
  }

  /** The CIFAR stem every staged model shares: conv1 3×3 (64·width) + bn1 + ReLU. Returns [output, channels]. */
  stem(inputChannels: number, channels: number): string {
    const x = this.conv("conv1", "input", { cin: inputChannels, cout: channels, kernel: 3 });
    return this.op("Relu", "relu", [this.bn("bn1", x, channels)]);
  }

  /**
   * A post-activation residual join: `relu(y + shortcut(x))`, the shortcut a 1×1 conv + BN
   * projection when the stride or the width changes (kuangliu's BasicBlock and XBlock).
   */
  residual(
    name: string,
    x: string,
    y: string,
    spec: { cin: number; cout: number; stride: number },
    relu: string,
  ): string {
    let shortcut = x;
    if (spec.stride !== 1 || spec.cin !== spec.cout) {
      shortcut = this.conv(`${name}.shortcut.0`, x, {
        cin: spec.cin,
        cout: spec.cout,
        kernel: 1,
        stride: spec.stride,
      });
      shortcut = this.bn(`${name}.shortcut.1`, shortcut, spec.cout);
    }
    return this.op("Relu", `${name}.${relu}`, [this.op("Add", `${name}.add`, [y, shortcut])]);
  }

  /** The head of the staged models: global average pooling, flatten, `linear` → `logits`; then {@link finish}. */
  headAndFinish(
    x: string,
    channels: number,
    input: readonly [number, number, number],
    classes: number,
  ): Uint8Array {
    const pooled = this.op("Flatten", "flatten", [this.op("GlobalAveragePool", "avgpool", [x])]);
    this.linear("linear", pooled, channels, classes, "logits");
    return this.finish(input, classes);
  }

  /** The model bytes: opset 13, NCHW input `input` with symbolic batch `N`, output `logits`. */
  finish(input: readonly [number, number, number], classes: number): Uint8Array {
    return buildModel({
      inputs: [{ name: "input", shape: ["N", ...input] }],
      outputs: [{ name: "logits", shape: ["N", classes] }],
      nodes: this.nodes,
      initializers: this.initializers,
      opset: 13,
    });
  }
}
