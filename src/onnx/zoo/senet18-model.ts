import { type ResolvedZooOptions, scaleChannels } from "./zoo-options.js";
import { ZooWriter } from "./zoo-writer.js";

/**
 * kuangliu's SE PreActBlock: relu(bn1(x)) feeds conv1 and the 1×1 projection shortcut (when the
 * shape changes); conv2(relu(bn2(conv1))) is then scaled channel-wise by the squeeze-excitation
 * gate sigmoid(fc2(relu(fc1(avgpool)))) (fc1/fc2 are 1×1 convs with bias, planes → planes/16 → planes);
 * the shortcut is added without a final ReLU.
 */
function seBlock(w: ZooWriter, name: string, x: string, cin: number, planes: number, stride: number): string {
  const pre = w.op("Relu", `${name}.relu1`, [w.bn(`${name}.bn1`, x, cin)]);
  const hasProjection = stride !== 1 || cin !== planes;
  const shortcut = hasProjection
    ? w.conv(`${name}.shortcut.0`, pre, { cin, cout: planes, kernel: 1, stride })
    : x;
  let out = w.conv(`${name}.conv1`, pre, { cin, cout: planes, kernel: 3, stride });
  out = w.op("Relu", `${name}.relu2`, [w.bn(`${name}.bn2`, out, planes)]);
  out = w.conv(`${name}.conv2`, out, { cin: planes, cout: planes, kernel: 3 });
  // planes // 16 as in kuangliu, kept ≥ 1 so narrow widths stay valid.
  const squeezed = Math.max(1, Math.floor(planes / 16));
  let gate = w.op("GlobalAveragePool", `${name}.squeeze`, [out]);
  gate = w.conv(`${name}.fc1`, gate, { cin: planes, cout: squeezed, kernel: 1, bias: true });
  gate = w.op("Relu", `${name}.relu3`, [gate]);
  gate = w.conv(`${name}.fc2`, gate, { cin: squeezed, cout: planes, kernel: 1, bias: true });
  gate = w.op("Sigmoid", `${name}.sigmoid`, [gate]);
  const excited = w.op("Mul", `${name}.excite`, [out, gate]);
  return w.op("Add", `${name}.add`, [excited, shortcut]);
}

/**
 * kuangliu's SENet-18 (`SENet(PreActBlock, [2,2,2,2])`) as ONNX: conv1 3×3 (64) + bn1 + ReLU, four
 * stages of two SE PreActBlocks (64/128/256/512, stride 2 opening stages 2–4), global average
 * pooling (`avg_pool2d(out, 4)` at 32×32), flatten, `linear`.
 * @internal
 */
export function buildSeNet18(o: ResolvedZooOptions): Uint8Array {
  const w = new ZooWriter(o.seed);
  const c0 = scaleChannels(64, o.widthMultiplier);
  let x = w.stem(o.inputChannels, c0);
  let cin = c0;
  [64, 128, 256, 512].forEach((planes, stage) => {
    const cout = scaleChannels(planes, o.widthMultiplier);
    x = seBlock(w, `layer${stage + 1}.0`, x, cin, cout, stage === 0 ? 1 : 2);
    x = seBlock(w, `layer${stage + 1}.1`, x, cout, cout, 1);
    cin = cout;
  });
  return w.headAndFinish(x, cin, [o.inputChannels, o.inputHeight, o.inputWidth], o.classes);
}
