export {
  ClippedLayer,
  ClipSingularValuesRequest,
  ClipSingularValuesResponse,
} from "./gen/normserve/v1/clip_singular_values.js";
export {
  ComputeNormsRequest,
  ComputeNormsResponse,
  L2Method,
  LayerNorms,
  Maximiser,
  NetworkNorm,
  NormType,
  Timing,
} from "./gen/normserve/v1/compute_norms.js";
export { EvaluateRequest } from "./gen/normserve/v1/evaluate.js";
export { EngineBackend, GetInfoRequest, GetInfoResponse } from "./gen/normserve/v1/get_info.js";
export {
  CancelJobRequest,
  CancelJobResponse,
  GetJobRequest,
  GetJobResponse,
  JobEnded,
  JobEvent,
  JobInfo,
  JobKind,
  JobQueued,
  JobStarted,
  JobState,
  ListJobsRequest,
  ListJobsResponse,
  WatchJobRequest,
} from "./gen/normserve/v1/jobs.js";
export {
  AutoPad,
  BatchNormParams,
  ConvAttributes,
  Layer,
  LayerKind,
  LayerSet,
} from "./gen/normserve/v1/layer.js";
export {
  CloseSessionRequest,
  CloseSessionResponse,
  LayerDecay,
  LayerProjection,
  NormDecayRequest,
  NormDecayResponse,
  OpenSessionRequest,
  OpenSessionResponse,
  ProjectionMode,
  ProjectNormsRequest,
  ProjectNormsResponse,
} from "./gen/normserve/v1/norm_decay.js";
export { DataType, Tensor } from "./gen/normserve/v1/tensor.js";
export { TrainRequest } from "./gen/normserve/v1/train.js";
export {
  type DecayLayer,
  type FloatArray,
  NormDecayHelper,
  type NormDecayHelperOptions,
} from "./norm-decay-helper.js";
export { type CallOptions, NormserveClient, type NormserveClientOptions } from "./normserve-client.js";
export { NormserveClientError } from "./normserve-client-error.js";
export { float32Tensor, float64Tensor } from "./tensors.js";
