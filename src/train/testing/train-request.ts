import { NormType } from "../../gen/normserve/v1/compute_norms.js";
import { type TrainRequest, TrainRequest as TrainRequestFns } from "../../gen/normserve/v1/train.js";

/** A small, fast Train request: small_cnn at width 0.25 on a seeded synthetic set. @internal */
export function smallTrainRequest(overrides: Partial<TrainRequest> = {}): TrainRequest {
  return {
    ...TrainRequestFns.fromPartial({}),
    model: { $case: "zoo", value: { name: "small_cnn", width: 0.25, classes: 10, inputShape: [], seed: 0 } },
    trainData: {
      source: {
        $case: "synthetic",
        value: { n: 96, imageShape: [1, 28, 28], classes: 10, seed: 1, noise: 0.1 },
      },
      format: 0,
      split: 0,
      limit: 0,
    },
    epochs: 2,
    batchSize: 32,
    optimizer: {
      learningRate: 0.05,
      momentum: 0.9,
      weightDecay: 5e-4,
      nesterov: false,
      schedule: 0,
      stepEpochs: 0,
      stepGamma: 0,
      stepMilestones: [],
    },
    normDecay: {
      norm: NormType.NORM_TYPE_LINF,
      beta: 1e-3,
      momentum: 0.9,
      conv: true,
      linear: true,
      bn: true,
    },
    seed: 5,
    normsEverySteps: 2,
    progressEverySteps: 1,
    ...overrides,
  };
}
