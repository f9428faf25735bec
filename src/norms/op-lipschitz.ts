import type { NetworkGraph, NetworkNode } from "./network-graph.js";

/** Which induced norm a bound is for: l1, l∞ or the spectral norm l2. */
export type LipschitzNorm = "l1" | "linf" | "l2";

/**
 * How a node combines the bounds of its non-constant inputs: `sum` (triangle inequality),
 * `max`, or `rootSumSquares` — √(Σ Lᵢ²), the l2 constant of stacking outputs side by side.
 */
export type LipschitzRule =
  | { readonly kind: "scale"; readonly factor: number }
  | { readonly kind: "sum" }
  | { readonly kind: "max" }
  | { readonly kind: "rootSumSquares" }
  | { readonly kind: "unknown"; readonly reason: string };

/** Elementwise maps with |f'| ≤ 1 everywhere: 1-Lipschitz in every lp norm. */
const ONE_LIPSCHITZ_ELEMENTWISE = new Set([
  "Relu",
  "Identity",
  "Dropout",
  "Clip",
  "Tanh",
  "Abs",
  "Neg",
  "Softsign",
  "Cast",
]);

/** Pure re-arrangements of elements (permutations), norm-preserving. */
const REARRANGEMENTS = new Set(["Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose"]);

/**
 * Lipschitz rule of a non-layer node for the chosen norm, from the op's known constants:
 * elementwise activations by their largest slope (the same in every lp norm), pooling by how
 * often windows overlap, residual Add/Sub as a sum, Concat as a max (L∞), a sum (L1) or the
 * root of the sum of squares (L2). Ops whose constant we do not know (e.g. products of two
 * activations) are `unknown`, so no false bound is ever reported.
 */
export function opLipschitzRule(node: NetworkNode, norm: LipschitzNorm, graph: NetworkGraph): LipschitzRule {
  const op = node.opType;
  const attr = node.attributes;
  if (ONE_LIPSCHITZ_ELEMENTWISE.has(op) || REARRANGEMENTS.has(op)) return { kind: "scale", factor: 1 };
  switch (op) {
    case "LeakyRelu":
      return { kind: "scale", factor: Math.max(1, Math.abs(numberAttr(attr.alpha, 0.01))) };
    case "Elu":
      return { kind: "scale", factor: Math.max(1, Math.abs(numberAttr(attr.alpha, 1))) };
    case "Sigmoid":
      return { kind: "scale", factor: 0.25 };
    case "HardSigmoid":
      return { kind: "scale", factor: Math.abs(numberAttr(attr.alpha, 0.2)) };
    case "HardSwish":
      return { kind: "scale", factor: 1.5 };
    case "Softmax":
      // |J| has row and column sums 2·p_i·(1 − p_i) ≤ 1/2; J is symmetric, so ‖J‖₂ ≤ ‖J‖∞ too.
      return { kind: "scale", factor: 0.5 };
    case "Add":
    case "Sub":
    case "Sum":
      return { kind: "sum" };
    case "Concat":
      // ‖(f(x), g(x))‖ over the stacked output: max in l∞, sum in l1, √(L_f² + L_g²) in l2.
      return norm === "linf" ? { kind: "max" } : norm === "l1" ? { kind: "sum" } : { kind: "rootSumSquares" };
    case "Pad":
      // Constant padding only appends constants; reflect/edge modes copy border elements.
      return (attr.mode ?? "constant") === "constant"
        ? { kind: "scale", factor: 1 }
        : { kind: "unknown", reason: `Pad mode ${String(attr.mode)} (node ${node.name})` };
    case "GlobalMaxPool":
      // |max a − max b| ≤ max |a − b| ≤ ‖a − b‖ per channel, in every lp norm.
      return { kind: "scale", factor: 1 };
    case "GlobalAveragePool": {
      if (norm === "linf") return { kind: "scale", factor: 1 };
      const shape = graph.shapeOf(node.inputs[0]);
      if (shape === undefined || shape.length < 3) {
        return { kind: "unknown", reason: `input shape of ${node.name} is unknown` };
      }
      // A mean of N values: column sums 1/N (l1); |mean(a)| ≤ ‖a‖₂/√N by Cauchy–Schwarz (l2).
      const size = shape.slice(2).reduce((a, b) => a * b, 1);
      return { kind: "scale", factor: norm === "l1" ? 1 / size : 1 / Math.sqrt(size) };
    }
    case "MaxPool":
    case "AveragePool":
      return poolRule(node, norm);
    case "Mul":
    case "Div":
      return constantScaleRule(node, norm, graph);
    default:
      return { kind: "unknown", reason: `no Lipschitz constant known for ${op} (node ${node.name})` };
  }
}

function poolRule(node: NetworkNode, norm: LipschitzNorm): LipschitzRule {
  const attr = node.attributes;
  const kernel = listAttr(attr.kernel_shape);
  const strides = listAttr(attr.strides);
  const dilations = listAttr(attr.dilations);
  // Each input element lies in at most min(k, ceil(extent / s)) windows per axis.
  let overlap = 1;
  let window = 1;
  for (let a = 0; a < kernel.length; a++) {
    const s = strides[a] ?? 1;
    const extent = (kernel[a] - 1) * (dilations[a] ?? 1) + 1;
    overlap *= Math.min(kernel[a], Math.ceil(extent / s));
    window *= kernel[a];
  }
  if (node.opType === "MaxPool") {
    // A max over a window is 1-Lipschitz in l∞; in l1 each input counts once per window; in l2
    // Σ_windows max_{i∈w} d_i² ≤ Σ_windows Σ_{i∈w} d_i² ≤ overlap·‖d‖², so √overlap.
    return { kind: "scale", factor: norm === "linf" ? 1 : norm === "l1" ? overlap : Math.sqrt(overlap) };
  }
  // Average pooling: rows are averages (sum ≤ 1); columns sum overlap/divisor, and the divisor
  // is the full window unless padded border windows divide by fewer elements.
  if (norm === "linf") return { kind: "scale", factor: 1 };
  const pads = listAttr(attr.pads);
  const padded = pads.some((p) => p > 0) || (attr.auto_pad !== undefined && attr.auto_pad !== "NOTSET");
  const countIncludePad = numberAttr(attr.count_include_pad, 0) !== 0;
  const l1 = padded && !countIncludePad ? overlap : overlap / window;
  // l2: ‖A‖₂ ≤ √(‖A‖₁·‖A‖∞) with ‖A‖∞ ≤ 1.
  return { kind: "scale", factor: norm === "l1" ? l1 : Math.sqrt(l1) };
}

function constantScaleRule(node: NetworkNode, norm: LipschitzNorm, graph: NetworkGraph): LipschitzRule {
  const data = node.inputs.filter((name) => name !== "" && !graph.isConstant(name));
  const constants = node.inputs.filter((name) => name !== "" && graph.isConstant(name));
  if (data.length !== 1 || constants.length !== 1) {
    return { kind: "unknown", reason: `${node.opType} of two non-constant tensors (node ${node.name})` };
  }
  if (node.opType === "Div" && node.inputs[0] !== data[0]) {
    return { kind: "unknown", reason: `division by a non-constant tensor (node ${node.name})` };
  }
  const values = graph.constantValues(constants[0]);
  if (values === undefined) {
    return { kind: "unknown", reason: `constant ${constants[0]} of node ${node.name} is not readable` };
  }
  let largest = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(node.opType === "Div" ? 1 / values[i] : values[i]);
    if (v > largest) largest = v;
  }
  // Broadcasting the data onto a larger constant copies each element `copies` times.
  const inShape = graph.shapeOf(data[0]);
  const outShape = graph.shapeOf(node.outputs[0]);
  if (inShape === undefined || outShape === undefined) {
    return { kind: "unknown", reason: `shapes around ${node.opType} node ${node.name} are unknown` };
  }
  const copies = elementCount(outShape) / Math.max(1, elementCount(inShape));
  const spread = norm === "l1" ? copies : norm === "l2" ? Math.sqrt(copies) : 1;
  return { kind: "scale", factor: largest * spread };
}

function numberAttr(value: unknown, fallback: number): number {
  return typeof value === "number" ? value : fallback;
}

function listAttr(value: unknown): readonly number[] {
  return Array.isArray(value) ? value : [];
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
