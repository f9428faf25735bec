import { readFileSync } from "node:fs";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { buildZooModel } from "./build-zoo-model.js";
import { ZOO_MODELS, type ZooModelName } from "./zoo-models.js";
import type { ZooModelOptions } from "./zoo-options.js";

interface OutputCase extends Required<ZooModelOptions> {
  readonly model: ZooModelName;
  readonly logits: number[][];
}

/**
 * Written by `test/fixtures/zoo-reference.py outputs`: PyTorch (eval mode) logits of the same
 * architectures with OUR initializers loaded into their state_dicts, for the fixed input below.
 */
const OUTPUT_CASES: OutputCase[] = JSON.parse(
  readFileSync(new URL("../../../test/fixtures/zoo-reference-outputs.json", import.meta.url), "utf8"),
);

/** `((i·37) mod 101)/50 − 1`, rounded to float32: the reference script computes the same bits. */
function fixedInput(dims: readonly number[]): ort.Tensor {
  const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = ((i * 37) % 101) / 50 - 1;
  return new ort.Tensor("float32", data, [...dims]);
}

async function runLogits(bytes: Uint8Array, dims: readonly number[]): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    const out = await session.run({ input: fixedInput(dims) });
    return out.logits;
  } finally {
    await session.release();
  }
}

describe("zoo models in onnxruntime", () => {
  it.each(ZOO_MODELS.map((m) => [m.name, m] as const))(
    "%s (defaults, width 1) runs a batch of 2 to finite [2, classes] logits",
    async (name, info) => {
      const logits = await runLogits(buildZooModel(name), [
        2,
        info.inputChannels,
        info.inputHeight,
        info.inputWidth,
      ]);
      expect(logits.dims).toEqual([2, info.classes]);
      expect([...(logits.data as Float32Array)].every(Number.isFinite)).toBe(true);
    },
  );

  it.each([
    ["small_cnn", { inputChannels: 3, inputHeight: 32, inputWidth: 32, classes: 100, widthMultiplier: 0.5 }],
    ["vgg11", { inputChannels: 1, inputHeight: 64, inputWidth: 48, classes: 7, widthMultiplier: 0.125 }],
    ["senet18", { inputChannels: 4, inputHeight: 40, inputWidth: 40, classes: 3, widthMultiplier: 0.1 }],
    ["regnetx_200mf", { inputHeight: 24, inputWidth: 36, classes: 5, widthMultiplier: 0.3 }],
  ] as const)("%s with %o runs with the requested shapes", async (name, options) => {
    const channels = "inputChannels" in options ? options.inputChannels : 3;
    const logits = await runLogits(buildZooModel(name, options), [
      2,
      channels,
      options.inputHeight,
      options.inputWidth,
    ]);
    expect(logits.dims).toEqual([2, options.classes]);
    expect([...(logits.data as Float32Array)].every(Number.isFinite)).toBe(true);
  });

  it.each(OUTPUT_CASES.map((c) => [`${c.model} w=${c.widthMultiplier} seed=${c.seed}`, c] as const))(
    "%s matches PyTorch's logits within 1e-5",
    async (_label, { model, logits: expected, ...options }) => {
      const dims = [2, options.inputChannels, options.inputHeight, options.inputWidth];
      const logits = await runLogits(buildZooModel(model, options), dims);
      const actual = logits.data as Float32Array;
      expect(logits.dims).toEqual([2, options.classes]);
      // Logits are ~0.1 in size; float32 rounding differences between ORT and PyTorch stay below 1e-6.
      expected.flat().forEach((v, i) => {
        expect(Math.abs(actual[i] - v)).toBeLessThan(1e-5);
      });
    },
  );
});
