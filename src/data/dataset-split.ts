/** Which part of a dataset to load: the training set or the held-out test set. */
export type DatasetSplit = "train" | "test";
