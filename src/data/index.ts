/** Dataset loaders, writers and the batch iterator (plain typed arrays; the engine makes tensors). */
export { type Augmentation, type Batch, type BatchOptions, batchCount, batches } from "./batches.js";
export type { DatasetSplit } from "./dataset-split.js";
export { encodeNpy, type NpyWritable, writeNpy } from "./encode-npy.js";
export { epochOrder } from "./epoch-order.js";
export { createImageDataset, type ImageDataset, type ImageShape } from "./image-dataset.js";
export { type DatasetFormat, type LoadDatasetOptions, loadDataset } from "./load-dataset.js";
export type { Normalization } from "./normalization.js";
export { type NpyArray, type NpyData, parseNpy } from "./parse-npy.js";
export { readCifar10Dataset } from "./read-cifar10-dataset.js";
export { readIdxDataset } from "./read-idx-dataset.js";
export { readNpyDataset } from "./read-npy-dataset.js";
export { SeededRandom } from "./seeded-random.js";
export { type SyntheticOptions, syntheticDataset } from "./synthetic-dataset.js";
