import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { computeLayerNorms } from "../../norms/compute-norms.js";
import { onnx } from "../onnx-proto.js";
import { parseOnnxModel } from "../parse-onnx-model.js";
import { buildZooModel } from "./build-zoo-model.js";
import { ZOO_MODELS, type ZooModelName } from "./zoo-models.js";
import type { ZooModelOptions } from "./zoo-options.js";

interface CountCase extends Required<Omit<ZooModelOptions, "seed">> {
  readonly model: ZooModelName;
  readonly params: number;
}

/** Written by `test/fixtures/zoo-reference.py counts` (PyTorch's `sum(p.numel() for p in parameters())`). */
const COUNT_CASES: CountCase[] = JSON.parse(
  readFileSync(new URL("../../../test/fixtures/zoo-param-counts.json", import.meta.url), "utf8"),
);

/** Trainable parameters: every initializer except BN running statistics (buffers in PyTorch). */
function parameterCount(model: onnx.IModelProto): number {
  return (model.graph?.initializer ?? [])
    .filter((t) => !/running_(mean|var)$/.test(t.name ?? ""))
    .reduce((n, t) => n + (t.dims ?? []).reduce<number>((a, d) => a * Number(d), 1), 0);
}

const decode = (bytes: Uint8Array) => onnx.ModelProto.decode(bytes);

const EXPECTED_LAYERS: Record<ZooModelName, [conv: number, batchNorm: number, linear: number]> = {
  vgg11: [8, 8, 1],
  vgg16: [13, 13, 1],
  resnet18: [20, 20, 1], // 1 stem + 16 block + 3 shortcut convs
  senet18: [36, 17, 1], // 1 stem + 8 × (2 + 2 SE 1×1) + 3 shortcut convs; pre-activation BNs
  regnetx_200mf: [44, 44, 1], // 1 stem + 13 × 3 + 4 shortcut conv-BN pairs
  small_cnn: [2, 2, 2],
};

describe("buildZooModel", () => {
  it.each(ZOO_MODELS.map((m) => [m.name, m] as const))(
    "%s w=0.25 parses with its layers, shapes and finite exact norms",
    (name, info) => {
      const { layers, graph } = parseOnnxModel(buildZooModel(name, { widthMultiplier: 0.25 }));
      const count = (kind: string) => layers.filter((l) => l.kind === kind).length;
      expect([count("conv"), count("batchNorm"), count("linear")]).toEqual(EXPECTED_LAYERS[name]);
      expect(layers[0]).toMatchObject({
        inputShape: [info.inputChannels, info.inputHeight, info.inputWidth],
      });
      expect(layers[0].nodeName).toMatch(/^(conv1|features\.0)$/);
      expect(graph.inputs).toEqual(["input"]);
      expect(graph.outputs).toEqual(["logits"]);
      expect(graph.shapeOf("logits")).toEqual([1, info.classes]);
      // What ComputeNorms reports: exact L1/L∞ of every layer; fresh BNs are diag(1/√(1+ε)).
      for (const { layer, l1, linf } of computeLayerNorms(layers, { l1: true, linf: true })) {
        expect([l1?.value, linf?.value].every((v) => v !== undefined && v > 0 && Number.isFinite(v))).toBe(
          true,
        );
        if (layer.kind === "batchNorm") expect(l1?.value).toBeCloseTo(1 / Math.sqrt(1 + 1e-5), 6);
      }
    },
  );

  it.each(
    COUNT_CASES.map(
      (c) =>
        [
          `${c.model} w=${c.widthMultiplier} x=[${c.inputChannels},${c.inputHeight},${c.inputWidth}] classes=${c.classes}`,
          c,
        ] as const,
    ),
  )("%s has PyTorch's parameter count", (_label, { model, params, ...options }) => {
    expect(parameterCount(decode(buildZooModel(model, options)))).toBe(params);
  });

  it("resnet18 follows the export form: opset 13, input N×3×32×32, BN nodes, Flatten → Gemm(transB=1)", () => {
    const model = decode(buildZooModel("resnet18", { widthMultiplier: 0.125 }));
    expect(model.opsetImport?.map((o) => [o.domain, Number(o.version)])).toEqual([["", 13]]);
    const graph = model.graph ?? {};
    const dims = graph.input?.[0].type?.tensorType?.shape?.dim?.map((d) => d.dimParam || Number(d.dimValue));
    expect([graph.input?.[0].name, dims]).toEqual(["input", ["N", 3, 32, 32]]);
    const nodes = graph.node ?? [];
    const bn = nodes.find((n) => n.name === "layer1.0.bn1");
    expect(bn?.opType).toBe("BatchNormalization");
    expect(bn?.input).toEqual([
      "layer1.0.conv1.out",
      "layer1.0.bn1.weight",
      "layer1.0.bn1.bias",
      "layer1.0.bn1.running_mean",
      "layer1.0.bn1.running_var",
    ]);
    expect(bn?.attribute?.map((a) => a.name)).not.toContain("training_mode");
    const gemm = nodes.at(-1);
    expect(gemm).toMatchObject({
      opType: "Gemm",
      name: "linear",
      input: ["flatten.out", "linear.weight", "linear.bias"],
    });
    expect(Number(gemm?.attribute?.find((a) => a.name === "transB")?.i)).toBe(1);
    expect(nodes.find((n) => n.output?.[0] === "flatten.out")?.opType).toBe("Flatten");
    expect(nodes.find((n) => n.name === "layer2.0.shortcut.0")?.opType).toBe("Conv");
  });

  it("initialises like PyTorch: weights and biases in ±1/√fan_in, BN γ=1 β=0 mean 0 var 1", () => {
    const graph = decode(buildZooModel("vgg11", { widthMultiplier: 0.25, seed: 5 })).graph ?? {};
    const values = (name: string) => {
      const t = graph.initializer?.find((i) => i.name === name);
      const raw = t?.rawData ?? new Uint8Array();
      return new Float32Array(new Uint8Array(raw).buffer); // copy: a decoded Buffer may be an unaligned view
    };
    const extent = (v: Float32Array) => [
      v.reduce((a, b) => Math.min(a, b)),
      v.reduce((a, b) => Math.max(a, b)),
    ];
    const bound = 1 / Math.sqrt(16 * 9); // features.4: 16 → 32 channels, 3×3
    for (const name of ["features.4.weight", "features.4.bias"]) {
      const [lo, hi] = extent(values(name));
      expect(lo).toBeGreaterThanOrEqual(-bound);
      expect(hi).toBeLessThanOrEqual(bound);
    }
    const [lo, hi] = extent(values("features.4.weight")); // 4608 draws reach close to both ends
    expect([lo < -0.95 * bound, hi > 0.95 * bound]).toEqual([true, true]);
    expect([...values("features.5.weight")].every((v) => v === 1)).toBe(true);
    expect([...values("features.5.bias"), ...values("features.5.running_mean")].every((v) => v === 0)).toBe(
      true,
    );
    expect([...values("features.5.running_var")].every((v) => v === 1)).toBe(true);
    expect(extent(values("classifier.weight"))[1]).toBeLessThanOrEqual(1 / Math.sqrt(128));
  });

  it("same seed → identical bytes; another seed → other weights, same structure", () => {
    const a = buildZooModel("senet18", { widthMultiplier: 0.125, seed: 11 });
    expect(buildZooModel("senet18", { widthMultiplier: 0.125, seed: 11 })).toEqual(a);
    const b = buildZooModel("senet18", { widthMultiplier: 0.125, seed: 12 });
    const [ga, gb] = [decode(a).graph ?? {}, decode(b).graph ?? {}];
    expect(gb.node).toEqual(ga.node);
    const weight = (g: onnx.IGraphProto) => g.initializer?.find((t) => t.name === "conv1.weight")?.rawData;
    expect(weight(gb)).not.toEqual(weight(ga));
    expect(buildZooModel("senet18", { widthMultiplier: 0.125 })).toEqual(
      buildZooModel("senet18", { widthMultiplier: 0.125, seed: 0 }),
    );
  });

  it("regnetx_200mf w=0.3 keeps grouped convs whole (width a multiple of the group width)", () => {
    const nodes = decode(buildZooModel("regnetx_200mf", { widthMultiplier: 0.3 })).graph?.node ?? [];
    const conv = nodes.find((n) => n.name === "layer3.0.conv2");
    // 152 · 0.3 = 45.6 → 46 → rounded to 48 = 6 groups of 8
    expect(Number(conv?.attribute?.find((a) => a.name === "group")?.i)).toBe(6);
  });

  it.each([
    [
      "an unknown name",
      () => buildZooModel("lenet" as ZooModelName),
      /unknown model "lenet" \(known: vgg11, vgg16/,
    ],
    [
      "widthMultiplier ≤ 0",
      () => buildZooModel("vgg11", { widthMultiplier: 0 }),
      /widthMultiplier must be positive/,
    ],
    [
      "classes is not an integer",
      () => buildZooModel("resnet18", { classes: 2.5 }),
      /classes must be a positive integer/,
    ],
    ["inputChannels is 0", () => buildZooModel("small_cnn", { inputChannels: 0 }), /inputChannels must be/],
    ["the seed is fractional", () => buildZooModel("small_cnn", { seed: 0.5 }), /seed must be an integer/],
    [
      "VGG's five pools empty the map",
      () => buildZooModel("vgg16", { inputHeight: 16 }),
      /16×32 pools to nothing/,
    ],
  ])("throws when %s", (_label, build, message) => {
    expect(build).toThrow(RangeError);
    expect(build).toThrow(message);
  });
});
