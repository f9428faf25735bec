import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DataType,
  type Layer,
  NormType,
  ProjectionMode,
  type ProjectNormsRequest,
  type Tensor,
} from "../../clients/ts/src/index.js";
import { seededFloats } from "../../src/onnx/testing/seeded-random.js";
import { expectStatus } from "../support/expect-status.js";
import { batchNormLayer, convLayer, linearLayer, tensorValues } from "../support/raw-layers.js";
import { smallOnnxModel } from "../support/small-onnx-model.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

let ctx: TestServer;
beforeAll(async () => {
  ctx = await startTestServer();
});
afterAll(async () => {
  await ctx.close();
});

function project(layers: Layer[], fields: Partial<ProjectNormsRequest>) {
  return ctx.client.projectNorms({
    model: { $case: "layers", value: { layers } },
    norm: NormType.NORM_TYPE_L1,
    ...fields,
  });
}

/** The layer with its weight replaced by a returned tensor (when one came back). */
const withWeight = (layer: Layer, weight: Tensor | undefined): Layer => ({
  ...layer,
  weight: weight ?? layer.weight,
});

const LAYERS: [string, Layer][] = [
  ["linear [4,6]", linearLayer("fc", 4, 6, seededFloats(24, 1))],
  [
    "conv x=[2,6,6] w=[3,2,3,3] p=1 (overlapping L1 columns)",
    convLayer("conv", [3, 2, 3, 3], seededFloats(54, 2), [2, 6, 6], { pads: [1, 1, 1, 1] }),
  ],
  [
    "conv x=[2,7,7] w=[4,2,3,3] s=2 d=2 (float32)",
    convLayer(
      "conv",
      [4, 2, 3, 3],
      seededFloats(72, 3),
      [2, 7, 7],
      { strides: [2, 2], dilations: [2, 2] },
      true,
    ),
  ],
  ["batch norm [3]", batchNormLayer("bn", [1, -3, 2], [1, 4, 0.25])],
];

describe("ProjectNorms ALL: the result lies in the ball, checked with ComputeNorms (real server)", () => {
  for (const [name, layer] of LAYERS)
    for (const [norm, key] of [
      [NormType.NORM_TYPE_L1, "l1"],
      [NormType.NORM_TYPE_LINF, "linf"],
    ] as const)
      it(`${key} ${name}, r = 0.6 · norm`, async () => {
        const before = await ctx.client.computeLayerNorms([layer], { norms: [norm] });
        const radius = 0.6 * (before.layers[0][key] ?? Number.NaN);
        const response = await project([layer], { norm, radius, mode: ProjectionMode.PROJECTION_MODE_ALL });
        const [entry] = response.layers;
        expect(entry).toMatchObject({ changed: true, normBefore: before.layers[0][key], converged: true });
        expect(entry.weight?.dtype).toBe(layer.weight?.dtype);
        expect(entry.weight?.shape).toEqual(layer.weight?.shape);
        const after = await ctx.client.computeLayerNorms([withWeight(layer, entry.weight)], {
          norms: [norm],
        });
        expect(after.layers[0][key]).toBeLessThanOrEqual(radius + 1e-12);
        expect(entry.normAfter).toBe(after.layers[0][key]);
      });
});

describe("ProjectNorms: modes and fields", () => {
  it("MAXIMISER (the default) changes only the maximising column; linear [2,3] L1", async () => {
    const layer = linearLayer("fc", 2, 3, [3, 1, -1, 4, 1, 2]); // column sums 7, 2, 3
    const response = await project([layer], { radius: 3.5 });
    const [entry] = response.layers;
    expect(entry).toMatchObject({ changed: true, exact: true, iterations: 1, normBefore: 7, normAfter: 3.5 });
    expect(entry.maximiser).toEqual({ channel: 0, position: [] });
    // Column 0 = (3, 4) onto the L1 ball of radius 3.5: soft threshold 1.75 → (1.25, 2.25).
    expect(tensorValues(entry.weight)).toEqual([1.25, 1, -1, 2.25, 1, 2]);
  });

  it("a layer already inside the ball comes back unchanged without a weight", async () => {
    const response = await project([linearLayer("fc", 1, 2, [1, 1])], {
      radius: 5,
      mode: ProjectionMode.PROJECTION_MODE_ALL,
    });
    expect(response.layers[0]).toMatchObject({
      changed: false,
      weight: undefined,
      iterations: 0,
      normAfter: 1,
    });
  });

  it("batch norm: |γ_c|/√(σ²+ε) ≤ r for every channel", async () => {
    const response = await project([batchNormLayer("bn", [1, -3, 2], [1, 4, 0.25])], {
      norm: NormType.NORM_TYPE_LINF,
      radius: 1,
      mode: ProjectionMode.PROJECTION_MODE_ALL,
    });
    expect(tensorValues(response.layers[0].weight)).toEqual([1, -2, 0.5]);
  });

  it("ONNX: projected weights keyed by initializer; sending them back as `weights` finds them inside", async () => {
    const model = smallOnnxModel();
    const first = await ctx.client.projectNorms({
      model: { $case: "onnxModel", value: model },
      norm: NormType.NORM_TYPE_LINF,
      radius: 0.5,
      mode: ProjectionMode.PROJECTION_MODE_ALL,
    });
    expect(first.layers.map((l) => [l.weightName, l.changed, l.weight?.dtype])).toEqual([
      ["conv.w", true, DataType.DATA_TYPE_FLOAT32],
      ["bn.s", true, DataType.DATA_TYPE_FLOAT32],
      ["fc.w", true, DataType.DATA_TYPE_FLOAT32],
    ]);
    const weights = Object.fromEntries(
      first.layers.flatMap((l) => (l.weight ? [[l.weightName, l.weight]] : [])),
    );
    const again = await ctx.client.projectNorms({
      model: { $case: "onnxModel", value: model },
      norm: NormType.NORM_TYPE_LINF,
      radius: 0.5,
      mode: ProjectionMode.PROJECTION_MODE_ALL,
      weights,
    });
    for (const layer of again.layers) expect(layer).toMatchObject({ changed: false, iterations: 0 });
    for (const layer of again.layers) expect(layer.normBefore).toBeLessThanOrEqual(0.5);
  });

  const fc = linearLayer("fc", 1, 2, [1, 1]);
  const bad: [string, Partial<ProjectNormsRequest>, RegExp][] = [
    ["radius is negative", { radius: -1 }, /^radius: must be a finite number ≥ 0, got -1/],
    ["radius is Infinity", { radius: Number.POSITIVE_INFINITY }, /^radius: must be a finite number/],
    ["mode is unknown", { mode: 7 as ProjectionMode }, /^mode: unknown projection mode 7/],
    ["norm is unset", { norm: NormType.NORM_TYPE_UNSPECIFIED }, /^norm: required/],
    ["max_iterations is negative", { maxIterations: -2 }, /^max_iterations: must be ≥ 0/],
    ["tolerance is NaN", { tolerance: Number.NaN }, /^tolerance: must be a finite number ≥ 0/],
  ];
  for (const [name, fields, message] of bad)
    it(`throws INVALID_ARGUMENT when ${name}`, async () => {
      await expectStatus(project([fc], { radius: 1, ...fields }), status.INVALID_ARGUMENT, message);
    });
});
