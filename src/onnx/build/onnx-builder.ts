import { OnnxDataType } from "../onnx-data-type.js";
import { onnx } from "../onnx-proto.js";

/** Forces a FLOAT attribute (a plain integral number would become INT). @internal */
export interface FloatAttribute {
  readonly kind: "float";
  readonly value: number;
}

/** Forces a FLOATS attribute. @internal */
export interface FloatsAttribute {
  readonly kind: "floats";
  readonly values: readonly number[];
}

/**
 * An attribute value: integers → INT, other numbers → FLOAT, strings → STRING, number lists →
 * INTS (FLOATS if any is fractional), string lists → STRINGS, a TensorProto → TENSOR.
 * @internal
 */
export type AttributeValue =
  | number
  | string
  | readonly number[]
  | readonly string[]
  | FloatAttribute
  | FloatsAttribute
  | onnx.ITensorProto;

/** A node to build. @internal */
export interface NodeSpec {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name?: string;
  readonly domain?: string;
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

/** A graph input or output: dims are numbers, symbolic names, or null (unknown). @internal */
export interface ValueSpec {
  readonly name: string;
  /** Omit for an input without shape information. */
  readonly shape?: readonly (number | string | null)[];
  /** ONNX element type (default FLOAT). */
  readonly elemType?: number;
}

/** A whole model to build. @internal */
export interface ModelSpec {
  readonly inputs: readonly (ValueSpec | string)[];
  readonly nodes: readonly NodeSpec[];
  readonly initializers?: readonly onnx.ITensorProto[];
  /** Default: the last node's outputs, without shapes. */
  readonly outputs?: readonly (ValueSpec | string)[];
  /** Default-domain opset (default 13). */
  readonly opset?: number;
  /** Default 8. */
  readonly irVersion?: number;
  /** Also list initializers as graph inputs (IR < 4 style). */
  readonly initializersAsInputs?: boolean;
}

/** A FLOAT attribute value, even for integral numbers. @internal */
export const floatAttr = (value: number): FloatAttribute => ({ kind: "float", value });

/** A FLOATS attribute value. @internal */
export const floatsAttr = (values: readonly number[]): FloatsAttribute => ({ kind: "floats", values });

/** A node spec; `name` defaults to empty (the parser then names it `<opType>_<index>`). @internal */
export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attributes?: Readonly<Record<string, AttributeValue>>,
  name?: string,
): NodeSpec {
  return { opType, inputs, outputs, attributes, name };
}

const utf8 = new TextEncoder();
const AttrType = onnx.AttributeProto.AttributeType;

/** Array.isArray does not narrow readonly arrays; this does. */
function isList(v: AttributeValue): v is readonly number[] | readonly string[] {
  return Array.isArray(v);
}

function attribute(name: string, v: AttributeValue): onnx.IAttributeProto {
  if (typeof v === "number")
    return Number.isInteger(v) ? { name, type: AttrType.INT, i: v } : { name, type: AttrType.FLOAT, f: v };
  if (typeof v === "string") return { name, type: AttrType.STRING, s: utf8.encode(v) };
  if (isList(v)) {
    if (v.length > 0 && v.every((x) => typeof x === "string"))
      return { name, type: AttrType.STRINGS, strings: v.map((x) => utf8.encode(x)) };
    const nums = v.filter((x): x is number => typeof x === "number");
    return nums.every(Number.isInteger)
      ? { name, type: AttrType.INTS, ints: nums }
      : { name, type: AttrType.FLOATS, floats: nums };
  }
  if ("kind" in v) {
    return v.kind === "float"
      ? { name, type: AttrType.FLOAT, f: v.value }
      : { name, type: AttrType.FLOATS, floats: [...v.values] };
  }
  return { name, type: AttrType.TENSOR, t: v };
}

function valueInfo(spec: ValueSpec | string): onnx.IValueInfoProto {
  const v = typeof spec === "string" ? { name: spec } : spec;
  const dims = v.shape?.map((d) =>
    typeof d === "number" ? { dimValue: d } : d === null ? {} : { dimParam: d },
  );
  return {
    name: v.name,
    type: {
      tensorType: { elemType: v.elemType ?? OnnxDataType.FLOAT, ...(dims ? { shape: { dim: dims } } : {}) },
    },
  };
}

/** The ModelProto of a spec (mutate it for malformed-model tests, then {@link encodeModel}). @internal */
export function buildModelProto(spec: ModelSpec): onnx.IModelProto {
  const initializers = spec.initializers ?? [];
  const last = spec.nodes[spec.nodes.length - 1];
  const inputs = spec.inputs.map(valueInfo);
  if (spec.initializersAsInputs) inputs.push(...initializers.map((t) => valueInfo({ name: t.name ?? "" })));
  return {
    irVersion: spec.irVersion ?? 8,
    producerName: "normserve-onnx-builder",
    opsetImport: [{ domain: "", version: spec.opset ?? 13 }],
    graph: {
      name: "graph",
      node: spec.nodes.map((n) => ({
        opType: n.opType,
        input: [...n.inputs],
        output: [...n.outputs],
        name: n.name ?? "",
        domain: n.domain ?? "",
        attribute: Object.entries(n.attributes ?? {}).map(([k, v]) => attribute(k, v)),
      })),
      initializer: [...initializers],
      input: inputs,
      output: (spec.outputs ?? last?.outputs ?? []).map(valueInfo),
    },
  };
}

/** Serialises a ModelProto. @internal */
export function encodeModel(model: onnx.IModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

/** Builds and serialises a model: `buildModel({inputs, nodes, initializers, opset})`. @internal */
export function buildModel(spec: ModelSpec): Uint8Array {
  return encodeModel(buildModelProto(spec));
}
