import { type ResolvedZooOptions, scaleChannels } from "./zoo-options.js";
import { ZooWriter } from "./zoo-writer.js";

/** kuangliu's `RegNetX_200MF` config (bottleneck ratio 1, no squeeze-excitation). */
const REGNETX_200MF = {
  depths: [1, 1, 4, 7],
  widths: [24, 56, 152, 368],
  strides: [1, 1, 2, 2],
  groupWidth: 8,
} as const;

/**
 * A stage width scaled by the multiplier and the group width it then uses: the group width is
 * capped at the width and the width rounded (half up) to a multiple of it, as pycls adjusts
 * widths, so `groups = width / groupWidth` is whole. At multiplier 1 the config is unchanged.
 * @internal
 */
export function regNetStageWidth(width: number, groupWidth: number, multiplier: number): [number, number] {
  const scaled = scaleChannels(width, multiplier);
  const g = Math.min(groupWidth, scaled);
  return [Math.max(g, Math.round(scaled / g) * g), g];
}

/** X block: 1×1 conv-BN-ReLU, grouped 3×3 conv (stride)-BN-ReLU, 1×1 conv-BN, + shortcut, ReLU. */
function xBlock(
  w: ZooWriter,
  name: string,
  x: string,
  cin: number,
  cout: number,
  stride: number,
  gw: number,
): string {
  let y = w.conv(`${name}.conv1`, x, { cin, cout, kernel: 1 });
  y = w.op("Relu", `${name}.relu1`, [w.bn(`${name}.bn1`, y, cout)]);
  y = w.conv(`${name}.conv2`, y, { cin: cout, cout, kernel: 3, stride, groups: cout / gw });
  y = w.op("Relu", `${name}.relu2`, [w.bn(`${name}.bn2`, y, cout)]);
  y = w.bn(`${name}.bn3`, w.conv(`${name}.conv3`, y, { cin: cout, cout, kernel: 1 }), cout);
  return w.residual(name, x, y, { cin, cout, stride }, "relu3");
}

/**
 * kuangliu's CIFAR RegNetX-200MF as ONNX: conv1 3×3 (64) + bn1 + ReLU, stages `layer1..4` of
 * depths 1/1/4/7, widths 24/56/152/368, strides 1/1/2/2, group width 8, then global average
 * pooling, flatten, `linear`.
 * @internal
 */
export function buildRegNetX200MF(o: ResolvedZooOptions): Uint8Array {
  const w = new ZooWriter(o.seed);
  const c0 = scaleChannels(64, o.widthMultiplier);
  let x = w.stem(o.inputChannels, c0);
  let cin = c0;
  REGNETX_200MF.depths.forEach((depth, stage) => {
    const [cout, gw] = regNetStageWidth(
      REGNETX_200MF.widths[stage],
      REGNETX_200MF.groupWidth,
      o.widthMultiplier,
    );
    for (let i = 0; i < depth; i++) {
      const stride = i === 0 ? REGNETX_200MF.strides[stage] : 1;
      x = xBlock(w, `layer${stage + 1}.${i}`, x, cin, cout, stride, gw);
      cin = cout;
    }
  });
  return w.headAndFinish(x, cin, [o.inputChannels, o.inputHeight, o.inputWidth], o.classes);
}
