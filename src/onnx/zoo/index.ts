/**
 * The model zoo: CIFAR VGG-11/16, ResNet-18, SENet-18, RegNetX-200MF and a small 28×28 CNN as ONNX.
 * @module
 */
export { buildZooModel } from "./build-zoo-model.js";
export { ZOO_MODELS, type ZooModelInfo, type ZooModelName } from "./zoo-models.js";
export type { ZooModelOptions } from "./zoo-options.js";
