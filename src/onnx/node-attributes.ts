import { int64ToClampedNumber } from "./int64.js";
import { malformedModel } from "./onnx-model-error.js";
import type { onnx } from "./onnx-proto.js";

/** AttributeProto.AttributeType codes. */
const FLOAT = 1;
const INT = 2;
const STRING = 3;
const TENSOR = 4;
const FLOATS = 6;
const INTS = 7;

const utf8 = new TextDecoder();

/**
 * Typed access to a node's attributes with schema defaults (ONNX reference `_load_attributes`
 * style): a wrong attribute type or a missing required attribute is an INVALID_ARGUMENT naming
 * the node and the attribute.
 * @internal
 */
export class NodeAttributes {
  private readonly byName = new Map<string, onnx.IAttributeProto>();

  /** `nodeLabel` names the node in messages, e.g. `Conv node 'conv1'`. */
  constructor(
    attributes: readonly onnx.IAttributeProto[] | null | undefined,
    private readonly nodeLabel: string,
  ) {
    for (const a of attributes ?? []) this.byName.set(a.name ?? "", a);
  }

  /** Whether the attribute is present. */
  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Names of all attributes present. */
  names(): string[] {
    return [...this.byName.keys()];
  }

  private get(name: string, type: number, required: boolean): onnx.IAttributeProto | undefined {
    const a = this.byName.get(name);
    if (a === undefined) {
      if (required) throw malformedModel(`${this.nodeLabel}: required attribute '${name}' is missing`);
      return undefined;
    }
    // type 0 (UNDEFINED) comes from very old exporters: trust the field that was asked for.
    if (a.type && a.type !== type)
      throw malformedModel(`${this.nodeLabel}: attribute '${name}' has type ${a.type}, expected ${type}`);
    return a;
  }

  /** An INT attribute; `fallback` undefined makes it required. */
  int(name: string, fallback?: number): number {
    const a = this.get(name, INT, fallback === undefined);
    if (a === undefined || a.i === null || a.i === undefined) return fallback ?? 0;
    return int64ToClampedNumber(a.i);
  }

  /** An INTS attribute; `fallback` undefined makes it required. */
  ints(name: string, fallback?: readonly number[]): number[] {
    const a = this.get(name, INTS, fallback === undefined);
    if (a === undefined) return [...(fallback ?? [])];
    return (a.ints ?? []).map(int64ToClampedNumber);
  }

  /** A FLOAT attribute; `fallback` undefined makes it required. */
  float(name: string, fallback?: number): number {
    const a = this.get(name, FLOAT, fallback === undefined);
    return a === undefined ? (fallback ?? 0) : (a.f ?? 0);
  }

  /** A FLOATS attribute; `fallback` undefined makes it required. */
  floats(name: string, fallback?: readonly number[]): number[] {
    const a = this.get(name, FLOATS, fallback === undefined);
    return a === undefined ? [...(fallback ?? [])] : [...(a.floats ?? [])];
  }

  /** A STRING attribute decoded as UTF-8; `fallback` undefined makes it required. */
  string(name: string, fallback?: string): string {
    const a = this.get(name, STRING, fallback === undefined);
    return a === undefined ? (fallback ?? "") : utf8.decode(a.s ?? new Uint8Array(0));
  }

  /** A TENSOR attribute, or undefined when absent. */
  tensor(name: string): onnx.ITensorProto | undefined {
    return this.get(name, TENSOR, false)?.t ?? undefined;
  }

  /**
   * Scalar and list attributes as plain values (ints, floats, strings), for consumers that only
   * read them (network-level bounds, graph summaries). Tensors and graphs are left out.
   */
  plain(): Record<string, number | readonly number[] | string> {
    // A null prototype: attribute names come from the model and may be "__proto__".
    const out: Record<string, number | readonly number[] | string> = Object.create(null);
    for (const [name, a] of this.byName) {
      if (a.type === INT) out[name] = this.int(name);
      else if (a.type === INTS) out[name] = this.ints(name);
      else if (a.type === FLOAT) out[name] = this.float(name);
      else if (a.type === FLOATS) out[name] = this.floats(name);
      else if (a.type === STRING) out[name] = this.string(name);
    }
    return out;
  }
}
