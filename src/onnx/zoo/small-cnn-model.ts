import { type ResolvedZooOptions, scaleChannels } from "./zoo-options.js";
import { ZooWriter } from "./zoo-writer.js";

/**
 * The engine benchmark's small CNN (shared/recipes/tfjs-node-from-pypi.sh) as ONNX:
 * conv3×3(16, no bias)-BN-ReLU-maxpool2, conv3×3(32, no bias)-BN-ReLU-maxpool2, flatten,
 * fc1(64)-ReLU, fc2(classes). At 1×28×28 fc1 sees 32·7·7 = 1568 features. The width multiplier
 * scales 16, 32 and the 64 hidden units.
 * @internal
 */
export function buildSmallCnn(o: ResolvedZooOptions): Uint8Array {
  const w = new ZooWriter(o.seed);
  const [c1, c2, hidden] = [16, 32, 64].map((c) => scaleChannels(c, o.widthMultiplier));
  let x = w.conv("conv1", "input", { cin: o.inputChannels, cout: c1, kernel: 3 });
  x = w.maxPool("pool1", w.op("Relu", "relu1", [w.bn("bn1", x, c1)]));
  x = w.conv("conv2", x, { cin: c1, cout: c2, kernel: 3 });
  x = w.maxPool("pool2", w.op("Relu", "relu2", [w.bn("bn2", x, c2)]));
  const [h, wd] = [Math.floor(o.inputHeight / 4), Math.floor(o.inputWidth / 4)];
  if (h < 1 || wd < 1)
    throw new RangeError(`small_cnn: input ${o.inputHeight}×${o.inputWidth} pools to nothing`);
  x = w.op("Flatten", "flatten", [x]);
  x = w.op("Relu", "relu3", [w.linear("fc1", x, c2 * h * wd, hidden)]);
  w.linear("fc2", x, hidden, o.classes, "logits");
  return w.finish([o.inputChannels, o.inputHeight, o.inputWidth], o.classes);
}
