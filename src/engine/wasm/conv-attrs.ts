import { backend_util, type NamedAttrMap } from "@tensorflow/tfjs-core";

type Pad = "valid" | "same" | number | backend_util.ExplicitPadding;
type Pair = [number, number] | number;
type Rounding = "floor" | "round" | "ceil" | undefined;

function isPair(v: unknown): v is Pair {
  return (
    (typeof v === "number" && Number.isInteger(v) && v > 0) ||
    (Array.isArray(v) &&
      v.length === 2 &&
      v.every((e) => typeof e === "number" && Number.isInteger(e) && e > 0))
  );
}

function isExplicitPadding(v: unknown): v is backend_util.ExplicitPadding {
  return (
    Array.isArray(v) &&
    v.length === 4 &&
    v.every(
      (p) =>
        Array.isArray(p) &&
        p.length === 2 &&
        p.every((e) => typeof e === "number" && Number.isInteger(e) && e >= 0),
    )
  );
}

function readPair(kernel: string, attrs: NamedAttrMap, name: string, fallback?: Pair): Pair {
  const v: unknown = attrs[name];
  if (v === undefined && fallback !== undefined) return fallback;
  if (!isPair(v)) {
    throw new Error(
      `${kernel}: expected attr '${name}' to be a positive integer or a pair of them, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

function readPad(kernel: string, attrs: NamedAttrMap): Pad {
  const v: unknown = attrs.pad;
  if (v === "valid" || v === "same") return v;
  if (typeof v === "number" && Number.isInteger(v) && v >= 0) return v;
  if (isExplicitPadding(v)) return v;
  throw new Error(
    `${kernel}: expected attr 'pad' to be 'valid', 'same', an integer ≥ 0 or 4 [before, after] pairs, got ${JSON.stringify(v)}`,
  );
}

function readRounding(kernel: string, attrs: NamedAttrMap): Rounding {
  const v: unknown = attrs.dimRoundingMode;
  if (v === undefined || v === null) return undefined;
  if (v === "floor" || v === "round" || v === "ceil") return v;
  throw new Error(
    `${kernel}: expected attr 'dimRoundingMode' to be floor, round or ceil, got ${JSON.stringify(v)}`,
  );
}

/**
 * The geometry of a 2-d convolution backprop kernel from its tfjs attrs, computed exactly as the cpu
 * backend does (`computeConv2DInfo`, NHWC). `dilations` defaults to 1: tfjs's Conv2DBackpropFilter
 * has no such attr, but a caller may pass one and it is honoured.
 * @internal
 */
export function readConvInfo(
  kernel: string,
  attrs: NamedAttrMap,
  inShape: readonly number[],
  filterShape: readonly number[],
  depthwise: boolean,
): backend_util.Conv2DInfo {
  const format = attrs.dataFormat;
  if (format !== undefined && format !== "NHWC") {
    throw new Error(`${kernel}: expected dataFormat 'NHWC', got ${JSON.stringify(format)}`);
  }
  if (inShape.length !== 4 || filterShape.length !== 4) {
    throw new Error(
      `${kernel}: expected rank-4 input and filter shapes, got [${inShape}] and [${filterShape}]`,
    );
  }
  const [b, h, w, c] = inShape;
  const [kh, kw, fc, fo] = filterShape;
  return backend_util.computeConv2DInfo(
    [b, h, w, c],
    [kh, kw, fc, fo],
    readPair(kernel, attrs, "strides"),
    readPair(kernel, attrs, "dilations", 1),
    readPad(kernel, attrs),
    readRounding(kernel, attrs),
    depthwise,
    "channelsLast",
  );
}

/** Reads an integer-array attr such as `filterShape` or `inputShape`. @internal */
export function readShapeAttr(kernel: string, attrs: NamedAttrMap, name: string): number[] {
  const v = attrs[name];
  if (!Array.isArray(v) || !v.every((e) => typeof e === "number" && Number.isInteger(e) && e > 0)) {
    throw new Error(
      `${kernel}: expected attr '${name}' to be an array of positive integers, got ${JSON.stringify(v)}`,
    );
  }
  return v.map(Number);
}
