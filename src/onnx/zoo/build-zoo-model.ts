import { ZOO_ENTRIES, type ZooModelName } from "./zoo-models.js";
import type { ZooModelOptions } from "./zoo-options.js";

function positiveInteger(model: string, field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`buildZooModel(${model}): ${field} must be a positive integer, got ${value}`);
  return value;
}

/**
 * Builds a zoo model as ONNX bytes (opset 13; input `input` `[N, C, H, W]`, output `logits`
 * `[N, classes]`; BatchNormalization kept as nodes with running mean 0 and variance 1; weights
 * initialised like PyTorch from the seeded PRNG, so the same options give identical bytes).
 * Throws RangeError for an unknown name or invalid options.
 */
export function buildZooModel(name: ZooModelName, options: ZooModelOptions = {}): Uint8Array {
  const entry = ZOO_ENTRIES.find((e) => e.name === name);
  if (!entry) {
    const known = ZOO_ENTRIES.map((e) => e.name).join(", ");
    throw new RangeError(`buildZooModel: unknown model "${name}" (known: ${known})`);
  }
  const widthMultiplier = options.widthMultiplier ?? 1;
  if (!(widthMultiplier > 0 && Number.isFinite(widthMultiplier)))
    throw new RangeError(`buildZooModel(${name}): widthMultiplier must be positive, got ${widthMultiplier}`);
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed))
    throw new RangeError(`buildZooModel(${name}): seed must be an integer, got ${seed}`);
  return entry.build({
    widthMultiplier,
    inputChannels: positiveInteger(name, "inputChannels", options.inputChannels ?? entry.inputChannels),
    inputHeight: positiveInteger(name, "inputHeight", options.inputHeight ?? entry.inputHeight),
    inputWidth: positiveInteger(name, "inputWidth", options.inputWidth ?? entry.inputWidth),
    classes: positiveInteger(name, "classes", options.classes ?? entry.classes),
    seed,
  });
}
