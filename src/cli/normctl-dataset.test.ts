import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DatasetSplit } from "../gen/normserve/v1/dataset.js";
import { loadDataset } from "./normctl-dataset.js";

describe("normctl loadDataset: server-side paths and their split", () => {
  it("a directory is the training split for --data and the test split where the caller says so", () => {
    const train = loadDataset({ data: "/data/fmnist" });
    expect(train.source).toEqual({ $case: "path", value: "/data/fmnist" });
    expect(train.split).toBe(DatasetSplit.DATASET_SPLIT_TRAIN);
    expect(loadDataset({ data: "/data/fmnist" }, "test").split).toBe(DatasetSplit.DATASET_SPLIT_TEST);
  });

  it("DIR:train / DIR:test override the default and are stripped from the path", () => {
    const test = loadDataset({ data: "/data/fmnist:test" });
    expect(test.source).toEqual({ $case: "path", value: "/data/fmnist" });
    expect(test.split).toBe(DatasetSplit.DATASET_SPLIT_TEST);
    expect(loadDataset({ data: "/data/fmnist:train" }, "test").split).toBe(DatasetSplit.DATASET_SPLIT_TRAIN);
  });

  it("relative paths are sent absolute (the server resolves from its own directory)", () => {
    expect(loadDataset({ data: "data/cifar:test" }).source).toEqual({
      $case: "path",
      value: resolve("data/cifar"),
    });
  });
});
