import { it } from "vitest";
import type { AttributeValue } from "../../onnx/testing/onnx-builder.js";
import { singleOpModel } from "../../onnx/testing/single-op-model.js";
import { randomFloatTensor } from "../../onnx/testing/tensors.js";
import { describeWithBackends } from "../testing/describe-with-backends.js";
import { checkOp } from "../testing/op-grad-check.js";
import { type RefConvAttrs, refConv, refConvTranspose } from "../testing/reference-conv.js";

interface ConvCase {
  readonly x: readonly number[];
  readonly w: readonly number[];
  readonly bias?: boolean;
  readonly attrs: RefConvAttrs & {
    readonly outputPadding?: readonly number[];
    readonly outputShape?: readonly number[];
  };
}

function onnxAttrs(c: ConvCase): Record<string, AttributeValue> {
  const a = c.attrs;
  const out: Record<string, AttributeValue> = {};
  if (a.strides) out.strides = a.strides;
  if (a.dilations) out.dilations = a.dilations;
  if (a.pads) out.pads = a.pads;
  if (a.autoPad) out.auto_pad = a.autoPad;
  if (a.group) out.group = a.group;
  if (a.outputPadding) out.output_padding = a.outputPadding;
  if (a.outputShape) out.output_shape = a.outputShape;
  return out;
}

function label(c: ConvCase): string {
  const parts = [`x=[${c.x}] w=[${c.w}]`];
  for (const [k, v] of Object.entries(onnxAttrs(c))) parts.push(`${k}=${Array.isArray(v) ? `[${v}]` : v}`);
  parts.push(c.bias ? "bias" : "no bias");
  return parts.join(" ");
}

function convModel(op: "Conv" | "ConvTranspose", c: ConvCase): Uint8Array {
  const outChannels = op === "Conv" ? c.w[0] : c.w[1] * (c.attrs.group ?? 1);
  return singleOpModel({
    op,
    inputs: c.bias ? ["x", "w", "b"] : ["x", "w"],
    data: { x: c.x },
    initializers: [
      randomFloatTensor("w", c.w, 3),
      ...(c.bias ? [randomFloatTensor("b", [outChannels], 4)] : []),
    ],
    attributes: onnxAttrs(c),
  });
}

const CONV: ConvCase[] = [
  { x: [2, 3, 5, 5], w: [4, 3, 3, 3], bias: true, attrs: { pads: [1, 1, 1, 1] } },
  { x: [2, 3, 5, 5], w: [4, 3, 3, 3], attrs: {} },
  { x: [2, 3, 6, 5], w: [4, 3, 3, 3], bias: true, attrs: { strides: [2, 2] } },
  { x: [1, 3, 7, 6], w: [2, 3, 3, 2], attrs: { dilations: [2, 2], pads: [1, 0, 1, 1] } },
  {
    x: [1, 3, 8, 7],
    w: [2, 3, 3, 3],
    bias: true,
    attrs: { strides: [2, 2], dilations: [2, 2], pads: [2, 2, 2, 2] },
  },
  { x: [2, 2, 5, 5], w: [3, 2, 3, 3], attrs: { pads: [0, 1, 2, 1] } },
  { x: [1, 3, 6, 5], w: [2, 3, 2, 2], bias: true, attrs: { autoPad: "SAME_UPPER", strides: [2, 2] } },
  { x: [1, 3, 5, 5], w: [2, 3, 2, 2], attrs: { autoPad: "SAME_LOWER" } },
  { x: [1, 3, 6, 6], w: [2, 3, 4, 4], attrs: { autoPad: "SAME_LOWER", strides: [2, 2] } },
  { x: [1, 3, 6, 5], w: [2, 3, 3, 3], bias: true, attrs: { autoPad: "VALID", strides: [2, 1] } },
  { x: [2, 4, 5, 5], w: [6, 2, 3, 3], bias: true, attrs: { group: 2, pads: [1, 1, 1, 1] } },
  { x: [2, 4, 5, 5], w: [4, 1, 3, 3], bias: true, attrs: { group: 4, pads: [1, 1, 1, 1] } },
  { x: [1, 3, 6, 6], w: [6, 1, 3, 3], attrs: { group: 3, strides: [2, 2], pads: [1, 0, 0, 1] } },
  // 1-d
  { x: [2, 3, 7], w: [4, 3, 3], bias: true, attrs: { pads: [1, 1] } },
  { x: [2, 3, 9], w: [4, 3, 3], attrs: { strides: [2], dilations: [2], pads: [0, 2] } },
  { x: [1, 4, 8], w: [4, 2, 3], bias: true, attrs: { group: 2, autoPad: "SAME_UPPER", strides: [2] } },
  { x: [1, 4, 7], w: [4, 1, 2], attrs: { group: 4, autoPad: "SAME_LOWER" } },
];

const CONV_TRANSPOSE: ConvCase[] = [
  { x: [2, 3, 3, 3], w: [3, 2, 3, 3], bias: true, attrs: {} },
  { x: [2, 3, 3, 3], w: [3, 2, 3, 3], attrs: { strides: [2, 2] } },
  {
    x: [1, 3, 3, 3],
    w: [3, 2, 3, 3],
    bias: true,
    attrs: { strides: [2, 2], outputPadding: [1, 0], pads: [1, 1, 1, 1] },
  },
  { x: [1, 2, 3, 4], w: [2, 3, 3, 3], attrs: { strides: [2, 2], pads: [1, 0, 0, 2] } },
  { x: [1, 2, 4, 4], w: [2, 2, 3, 3], attrs: { strides: [2, 2], pads: [3, 3, 3, 3] } },
  { x: [2, 4, 3, 3], w: [4, 2, 3, 3], bias: true, attrs: { group: 2, strides: [2, 2], pads: [1, 1, 1, 1] } },
  { x: [1, 3, 3, 3], w: [3, 2, 3, 3], attrs: { strides: [2, 2], outputShape: [6, 6] } },
  { x: [1, 2, 3, 3], w: [2, 2, 2, 2], bias: true, attrs: { dilations: [2, 2], strides: [2, 1] } },
  // 1-d
  { x: [2, 3, 4], w: [3, 2, 3], bias: true, attrs: { strides: [2], outputPadding: [1] } },
  { x: [1, 4, 4], w: [4, 1, 3], attrs: { group: 2, strides: [2], pads: [1, 2] } },
];

describeWithBackends("executor Conv", (env) => {
  for (const c of CONV)
    it(label(c), async () => {
      await checkOp(env, {
        model: convModel("Conv", c),
        inputShape: c.x,
        reference: (x, p) => refConv(x, c.x, p("w"), c.w, c.bias ? p("b") : undefined, c.attrs).y,
      });
    });
});

describeWithBackends("executor ConvTranspose", (env) => {
  for (const c of CONV_TRANSPOSE)
    it(label(c), async () => {
      await checkOp(env, {
        model: convModel("ConvTranspose", c),
        inputShape: c.x,
        reference: (x, p) => refConvTranspose(x, c.x, p("w"), c.w, c.bias ? p("b") : undefined, c.attrs).y,
      });
    });
});
