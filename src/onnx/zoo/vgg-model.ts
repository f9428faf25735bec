import { type ResolvedZooOptions, scaleChannels } from "./zoo-options.js";
import { ZooWriter } from "./zoo-writer.js";

/** kuangliu/pytorch-cifar `cfg`: channel counts, "M" for a 2×2 max pool. */
const VGG_CONFIGS = {
  vgg11: [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
  vgg16: [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
} as const;

/** The VGG variants of the zoo. @internal */
export type VggName = keyof typeof VGG_CONFIGS;

/**
 * kuangliu's CIFAR VGG as ONNX: `features` = per entry Conv3×3(bias)-BN-ReLU or MaxPool2d(2),
 * then flatten and `classifier` = Linear. Node and initializer names follow the `nn.Sequential`
 * indices (`features.0` conv, `features.1` BN, `features.2` ReLU, `features.3` pool …). The final
 * `AvgPool2d(1, 1)` is the identity and is left out; the classifier's input is the flattened
 * feature map, which at 32×32 is kuangliu's `Linear(512, classes)`.
 * @internal
 */
export function buildVgg(name: VggName, o: ResolvedZooOptions): Uint8Array {
  const w = new ZooWriter(o.seed);
  let x = "input";
  let channels = o.inputChannels;
  let [h, wd] = [o.inputHeight, o.inputWidth];
  let index = 0;
  for (const entry of VGG_CONFIGS[name]) {
    if (entry === "M") {
      x = w.maxPool(`features.${index}`, x);
      [h, wd] = [Math.floor(h / 2), Math.floor(wd / 2)];
      if (h < 1 || wd < 1)
        throw new RangeError(`${name}: input ${o.inputHeight}×${o.inputWidth} pools to nothing`);
      index += 1;
      continue;
    }
    const cout = scaleChannels(entry, o.widthMultiplier);
    x = w.conv(`features.${index}`, x, { cin: channels, cout, kernel: 3, bias: true });
    x = w.bn(`features.${index + 1}`, x, cout);
    x = w.op("Relu", `features.${index + 2}`, [x]);
    channels = cout;
    index += 3;
  }
  x = w.op("Flatten", "flatten", [x]);
  w.linear("classifier", x, channels * h * wd, o.classes, "logits");
  return w.finish([o.inputChannels, o.inputHeight, o.inputWidth], o.classes);
}
