import { describe, expect, it } from "vitest";
import { createDefaultOpRegistry } from "./default-shape-rules.js";
import { createOpRegistry } from "./op-registry.js";
import type { ShapeRule } from "./shape-rule.js";

const rule = (opType: string, since: number): ShapeRule => ({ opType, since, inferShape: () => [] });

describe("createOpRegistry", () => {
  const registry = createOpRegistry([rule("Pad", 2), rule("Pad", 11), rule("Pad", 18), rule("Relu", 6)]);

  it.each([
    [1, undefined],
    [2, 2],
    [10, 2],
    [11, 11],
    [17, 11],
    [21, 18],
  ])("Pad at opset %i → rule since %s", (opset, since) => {
    expect(registry.lookup("Pad", opset)?.since).toBe(since);
  });

  it("lists the supported ops, sorted", () => {
    expect(registry.supportedOps).toEqual(["Pad", "Relu"]);
  });

  it("throws when two rules share an op and opset", () => {
    expect(() => createOpRegistry([rule("Relu", 6), rule("Relu", 6)])).toThrow(
      /two rules for Relu since opset 6/,
    );
  });

  it("the default registry covers every op of the spec", () => {
    const ops = createDefaultOpRegistry().supportedOps;
    for (const op of [
      "Conv",
      "ConvTranspose",
      "MaxPool",
      "AveragePool",
      "LpPool",
      "GlobalAveragePool",
      "Resize",
      "Upsample",
    ])
      expect(ops).toContain(op);
    for (const op of [
      "Reshape",
      "Squeeze",
      "Unsqueeze",
      "Pad",
      "Softmax",
      "LogSoftmax",
      "ReduceMean",
      "Concat",
    ])
      expect(ops).toContain(op);
  });
});
