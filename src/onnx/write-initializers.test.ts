import { describe, expect, it } from "vitest";
import { buildModel, node } from "./build/onnx-builder.js";
import { decodeModelProto } from "./decode-model-proto.js";
import { OnnxDataType } from "./onnx-data-type.js";
import type { onnx } from "./onnx-proto.js";
import { writeInitializers } from "./write-initializers.js";

function f32(name: string, dims: number[], values: number[]): onnx.ITensorProto {
  return { name, dims, dataType: OnnxDataType.FLOAT, floatData: values };
}

/** x[1,2,2,2] → BN (training_mode=1, 3 outputs) → Relu, with an int64 initializer on the side. */
function bnModel(): Uint8Array {
  return buildModel({
    inputs: [{ name: "x", shape: [1, 2, 2, 2] }],
    opset: 15,
    initializers: [
      f32("g", [2], [1, 2]),
      f32("b", [2], [0, 0]),
      f32("m", [2], [0, 0]),
      f32("v", [2], [1, 1]),
      { name: "shape", dims: [1], dataType: OnnxDataType.INT64, int64Data: [8] },
    ],
    nodes: [
      node(
        "BatchNormalization",
        ["x", "g", "b", "m", "v"],
        ["y", "m_out", "v_out"],
        { training_mode: 1 },
        "bn",
      ),
      node("Relu", ["y"], ["out"], undefined, "relu"),
    ],
    outputs: ["out", "m_out"],
  });
}

function rawFloats(t: onnx.ITensorProto): number[] {
  const raw = t.rawData ?? new Uint8Array();
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return Array.from({ length: raw.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true));
}

function initializer(bytes: Uint8Array, name: string): onnx.ITensorProto {
  const found = (decodeModelProto(bytes).graph.initializer ?? []).find((t) => t.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

describe("writeInitializers", () => {
  it("replaces float values as raw_data and keeps dims, names and the graph", () => {
    const out = writeInitializers(bnModel(), new Map([["g", new Float32Array([3.5, -1.25])]]));
    const g = initializer(out, "g");
    expect(g.dims?.map(Number)).toEqual([2]);
    expect(g.floatData ?? []).toEqual([]);
    expect(g.rawData?.byteLength).toBe(8);
    expect(rawFloats(g)).toEqual([3.5, -1.25]);
    const graph = decodeModelProto(out).graph;
    expect(graph.node?.[0].output).toEqual(["y", "m_out", "v_out"]);
    expect(graph.output?.map((o) => o.name)).toEqual(["out", "m_out"]);
    expect(initializer(out, "v").floatData).toEqual([1, 1]);
  });

  it("inferenceForm drops training_mode and the extra BatchNormalization outputs", () => {
    const out = writeInitializers(bnModel(), new Map(), { inferenceForm: true });
    const graph = decodeModelProto(out).graph;
    const bn = graph.node?.[0];
    expect(bn?.output).toEqual(["y"]);
    expect(bn?.attribute?.map((a) => a.name)).toEqual([]);
    expect(graph.output?.map((o) => o.name)).toEqual(["out"]);
  });

  it("throws when a name is not an initializer", () => {
    expect(() => writeInitializers(bnModel(), new Map([["nope", new Float32Array(2)]]))).toThrow(
      /no initializer 'nope'/,
    );
  });

  it("throws when the initializer is not FLOAT", () => {
    expect(() => writeInitializers(bnModel(), new Map([["shape", new Float32Array(1)]]))).toThrow(
      /'shape' has data_type 7, only FLOAT/,
    );
  });

  it("throws when the value count does not match the dims", () => {
    expect(() => writeInitializers(bnModel(), new Map([["g", new Float32Array(3)]]))).toThrow(
      /'g' has dims \[2\] \(2 values\), got 3 values/,
    );
  });

  it("throws when a training-only output is read by another node", () => {
    const bytes = buildModel({
      inputs: [{ name: "x", shape: [1, 2] }],
      opset: 15,
      initializers: [
        f32("g", [2], [1, 1]),
        f32("b", [2], [0, 0]),
        f32("m", [2], [0, 0]),
        f32("v", [2], [1, 1]),
      ],
      nodes: [
        node(
          "BatchNormalization",
          ["x", "g", "b", "m", "v"],
          ["y", "m_out", "v_out"],
          { training_mode: 1 },
          "bn",
        ),
        node("Add", ["y", "m_out"], ["out"], undefined, "add"),
      ],
    });
    expect(() => writeInitializers(bytes, new Map(), { inferenceForm: true })).toThrow(/'add' reads 'm_out'/);
  });
});
