import type { ShapeRule } from "./shape-rule.js";

/** Shape rules by op type and opset. @internal */
export interface OpRegistry {
  /** The rule with the highest `since` ≤ `opset`, or undefined. */
  lookup(opType: string, opset: number): ShapeRule | undefined;
  /** Op types with at least one rule, sorted (for "supported ops" messages). */
  readonly supportedOps: readonly string[];
}

/**
 * Builds a registry from an explicit rule list (ONNX reference `load_op` style: the highest
 * `since` not above the model's opset wins). Nothing is registered globally; pass it in.
 * @internal
 */
export function createOpRegistry(rules: readonly ShapeRule[]): OpRegistry {
  const byOp = new Map<string, ShapeRule[]>();
  for (const rule of rules) {
    const list = byOp.get(rule.opType) ?? [];
    if (list.some((r) => r.since === rule.since))
      throw new Error(`createOpRegistry: two rules for ${rule.opType} since opset ${rule.since}`);
    list.push(rule);
    byOp.set(rule.opType, list);
  }
  for (const list of byOp.values()) list.sort((a, b) => b.since - a.since);
  return {
    lookup(opType, opset) {
      return byOp.get(opType)?.find((r) => r.since <= opset);
    },
    supportedOps: [...byOp.keys()].sort(),
  };
}
