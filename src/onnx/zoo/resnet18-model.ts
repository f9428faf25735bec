import { type ResolvedZooOptions, scaleChannels } from "./zoo-options.js";
import { ZooWriter } from "./zoo-writer.js";

/** BasicBlock: conv3×3-BN-ReLU-conv3×3-BN, plus the shortcut (1×1 conv + BN when the shape changes), ReLU. */
function basicBlock(
  w: ZooWriter,
  name: string,
  x: string,
  cin: number,
  cout: number,
  stride: number,
): string {
  let y = w.conv(`${name}.conv1`, x, { cin, cout, kernel: 3, stride });
  y = w.op("Relu", `${name}.relu1`, [w.bn(`${name}.bn1`, y, cout)]);
  y = w.bn(`${name}.bn2`, w.conv(`${name}.conv2`, y, { cin: cout, cout, kernel: 3 }), cout);
  return w.residual(name, x, y, { cin, cout, stride }, "relu2");
}

/**
 * kuangliu's CIFAR ResNet-18 as ONNX: conv1 3×3 (64) + bn1 + ReLU, four stages `layer1..4` of two
 * BasicBlocks (64/128/256/512 channels, the first block of stages 2–4 with stride 2), global
 * average pooling (kuangliu's `avg_pool2d(out, 4)` at 32×32), flatten, `linear`.
 * @internal
 */
export function buildResNet18(o: ResolvedZooOptions): Uint8Array {
  const w = new ZooWriter(o.seed);
  const c0 = scaleChannels(64, o.widthMultiplier);
  let x = w.stem(o.inputChannels, c0);
  let cin = c0;
  [64, 128, 256, 512].forEach((planes, stage) => {
    const cout = scaleChannels(planes, o.widthMultiplier);
    x = basicBlock(w, `layer${stage + 1}.0`, x, cin, cout, stage === 0 ? 1 : 2);
    x = basicBlock(w, `layer${stage + 1}.1`, x, cout, cout, 1);
    cin = cout;
  });
  return w.headAndFinish(x, cin, [o.inputChannels, o.inputHeight, o.inputWidth], o.classes);
}
