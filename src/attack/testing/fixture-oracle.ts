import type { ImageDataset } from "../../data/image-dataset.js";
import { readNpyDataset } from "../../data/read-npy-dataset.js";
import { OnnxExecutor } from "../../engine/executor/onnx-executor.js";
import { createModelOracle, type ModelOracle } from "../model-oracle.js";
import { FIXTURE_DIR, fixtureModel } from "./attack-fixture.js";
import { testEngine } from "./fake-job-context.js";

/** The fixture model as an oracle plus its points (dispose the executor after). @internal */
export async function fixtureOracle(): Promise<{
  oracle: ModelOracle;
  data: ImageDataset;
  exe: OnnxExecutor;
}> {
  const { tf, kernels } = await testEngine();
  const exe = OnnxExecutor.create(fixtureModel(), { tf, kernels });
  const data = await readNpyDataset(`${FIXTURE_DIR}/images.npy`, `${FIXTURE_DIR}/labels.npy`, 10);
  const [, c, h, w] = data.shape;
  return { oracle: createModelOracle(exe, tf, [c, h, w], 10), data, exe };
}
