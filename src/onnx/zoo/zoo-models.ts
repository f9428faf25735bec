import { buildRegNetX200MF } from "./regnet-model.js";
import { buildResNet18 } from "./resnet18-model.js";
import { buildSeNet18 } from "./senet18-model.js";
import { buildSmallCnn } from "./small-cnn-model.js";
import { buildVgg } from "./vgg-model.js";
import type { ResolvedZooOptions } from "./zoo-options.js";

/** Names of the zoo's architectures. */
export type ZooModelName = "vgg11" | "vgg16" | "resnet18" | "senet18" | "regnetx_200mf" | "small_cnn";

/** One zoo entry: its defaults (the dataset it was designed for) and a one-line description. */
export interface ZooModelInfo {
  readonly name: ZooModelName;
  readonly description: string;
  readonly inputChannels: number;
  readonly inputHeight: number;
  readonly inputWidth: number;
  readonly classes: number;
}

interface ZooEntry extends ZooModelInfo {
  readonly build: (options: ResolvedZooOptions) => Uint8Array;
}

const cifar = { inputChannels: 3, inputHeight: 32, inputWidth: 32, classes: 10 } as const;

/** @internal */
export const ZOO_ENTRIES: readonly ZooEntry[] = [
  {
    name: "vgg11",
    description: "VGG-11 with BN (kuangliu/pytorch-cifar)",
    ...cifar,
    build: (o) => buildVgg("vgg11", o),
  },
  {
    name: "vgg16",
    description: "VGG-16 with BN (kuangliu/pytorch-cifar)",
    ...cifar,
    build: (o) => buildVgg("vgg16", o),
  },
  {
    name: "resnet18",
    description: "ResNet-18, BasicBlocks (kuangliu/pytorch-cifar)",
    ...cifar,
    build: buildResNet18,
  },
  {
    name: "senet18",
    description: "SENet-18, SE PreActBlocks (kuangliu/pytorch-cifar)",
    ...cifar,
    build: buildSeNet18,
  },
  {
    name: "regnetx_200mf",
    description: "RegNetX-200MF (kuangliu/pytorch-cifar)",
    ...cifar,
    build: buildRegNetX200MF,
  },
  {
    name: "small_cnn",
    description: "2 conv-BN-ReLU-maxpool + 2 fc (the engine benchmark's CNN, 28×28)",
    inputChannels: 1,
    inputHeight: 28,
    inputWidth: 28,
    classes: 10,
    build: buildSmallCnn,
  },
];

/** The zoo's models with their default input shape and classes (CIFAR: 3×32×32, 10; small_cnn: 1×28×28, 10). */
export const ZOO_MODELS: readonly ZooModelInfo[] = ZOO_ENTRIES.map(({ build: _build, ...info }) => info);
