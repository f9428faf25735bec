import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseOnnxModel } from "./parse-onnx-model.js";

/** The part of test/fixtures/expected.json this suite checks. */
interface ExpectedFixtures {
  readonly fixtures: Record<
    string,
    {
      readonly input_shape: readonly (number | string)[];
      readonly layers: readonly {
        readonly node_name: string;
        readonly op_type: string;
        readonly kind: string;
        readonly weight_name: string;
        readonly input_shape: readonly number[];
        readonly output_shape: readonly number[];
      }[];
    }
  >;
}

const dir = new URL("../../test/fixtures/", import.meta.url);
const expected = JSON.parse(readFileSync(new URL("expected.json", dir), "utf8")) as ExpectedFixtures;
const KIND = {
  conv: "conv",
  convTranspose: "conv_transpose",
  linear: "linear",
  batchNorm: "batch_norm",
} as const;

describe("PyTorch-exported fixtures (test/fixtures, shapes by an independent interpreter)", () => {
  it.each(Object.keys(expected.fixtures))("%s: layers, names, weight names and exact shapes", (file) => {
    const { layers } = parseOnnxModel(new Uint8Array(readFileSync(new URL(file, dir))));
    const got = layers.map((l) => ({
      node_name: l.nodeName,
      op_type: l.opType,
      kind: KIND[l.kind],
      weight_name: l.weightName,
      input_shape: l.inputShape,
      output_shape: l.outputShape,
    }));
    const want = expected.fixtures[file].layers.map(
      ({ node_name, op_type, kind, weight_name, input_shape, output_shape }) => ({
        node_name,
        op_type,
        kind,
        weight_name,
        input_shape,
        output_shape,
      }),
    );
    expect(got).toEqual(want);
  });
});
