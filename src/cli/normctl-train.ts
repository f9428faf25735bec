import { readFileSync } from "node:fs";
import { NormType } from "../gen/normserve/v1/compute_norms.js";
import { TrainRequest } from "../gen/normserve/v1/train.js";
import { openStub } from "./normctl-client.js";
import { loadDataset } from "./normctl-dataset.js";
import { followTrain } from "./normctl-follow-train.js";
import type { NormctlTrainArgs } from "./normctl-train-args.js";

function modelOf(spec: string): TrainRequest["model"] {
  if (spec.startsWith("zoo:")) {
    const [, name, width] = spec.split(":");
    const w = width === undefined ? 1 : Number(width);
    if (!name || !(w > 0)) throw new Error(`train: a zoo model is zoo:NAME[:WIDTH], got ${spec}`);
    return { $case: "zoo", value: { name, width: w, classes: 0, inputShape: [], seed: 0 } };
  }
  try {
    return { $case: "onnxModel", value: readFileSync(spec) };
  } catch (error) {
    throw new Error(`cannot read model ${spec}: ${(error as Error).message}`);
  }
}

/** Builds the TrainRequest of `normctl train`. @internal */
export function trainRequest(args: NormctlTrainArgs): TrainRequest {
  return TrainRequest.fromPartial({
    model: modelOf(args.model),
    trainData: loadDataset(args.train),
    testData: args.test ? loadDataset(args.test, "test") : undefined,
    epochs: args.epochs,
    batchSize: args.batchSize ?? 0,
    optimizer: { learningRate: args.lr, momentum: args.momentum },
    normDecay: args.normDecay ? { ...args.normDecay, conv: true, linear: true, bn: true } : undefined,
    svc: args.svc,
    seed: args.seed,
    normsEverySteps: args.normsEvery,
    progressEverySteps: args.progressEvery,
  });
}

/** `normctl train`: starts a Train job and follows it (see {@link followTrain}). */
export async function runTrain(args: NormctlTrainArgs): Promise<void> {
  const request = trainRequest(args);
  const stub = openStub(args.server);
  try {
    const plotNorm = args.normDecay?.norm === NormType.NORM_TYPE_LINF ? "linf" : "l1";
    const result = await followTrain(stub.train(request), { ...args, plotNorm });
    if (!result.completed && !result.detached)
      throw new Error(`job ${result.jobId} ended without a trained model`);
  } finally {
    stub.close();
  }
}
