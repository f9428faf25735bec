import type { BinaryWriter } from "@bufbuild/protobuf/wire";
import {
  type ChannelOptions,
  type ClientUnaryCall,
  credentials,
  Metadata,
  type ServiceError,
} from "@grpc/grpc-js";
import { ChunkedBinaryWriter } from "./chunked-binary-writer.js";
import {
  ClipSingularValuesRequest,
  ClipSingularValuesResponse,
} from "./gen/normserve/v1/clip_singular_values.js";
import {
  ComputeNormsRequest,
  ComputeNormsResponse,
  type L2Method,
  type NormType,
} from "./gen/normserve/v1/compute_norms.js";
import type { EvaluateRequest } from "./gen/normserve/v1/evaluate.js";
import type { GetInfoResponse } from "./gen/normserve/v1/get_info.js";
import {
  type CancelJobResponse,
  type GetJobResponse,
  type JobEvent,
  JobKind,
  JobState,
  type ListJobsResponse,
} from "./gen/normserve/v1/jobs.js";
import type { Layer } from "./gen/normserve/v1/layer.js";
import {
  type CloseSessionResponse,
  NormDecayRequest,
  NormDecayResponse,
  type OpenSessionResponse,
  ProjectNormsRequest,
  ProjectNormsResponse,
} from "./gen/normserve/v1/norm_decay.js";
import { NormServiceClient } from "./gen/normserve/v1/norm_service.js";
import type { TrainRequest } from "./gen/normserve/v1/train.js";
import { jobEventStream } from "./job-event-stream.js";
import { toClientError } from "./normserve-client-error.js";

/**
 * Serialises requests with {@link ChunkedBinaryWriter}: the generated stubs' writer copies large
 * tensors and model bytes several times; this copies them once, into the Buffer grpc-js sends.
 */
function chunkedSerializer<T>(codec: { encode(message: T, writer: BinaryWriter): BinaryWriter }) {
  return (message: T): Buffer => {
    const writer = new ChunkedBinaryWriter();
    codec.encode(message, writer);
    return writer.finish();
  };
}

/** Options of {@link NormserveClient}. */
export interface NormserveClientOptions {
  /** Largest message in bytes either way (default 512 MiB, matching the server). */
  readonly maxMessageBytes?: number;
  /** Extra grpc-js channel options. */
  readonly channelOptions?: ChannelOptions;
}

/** Per-call options. */
export interface CallOptions {
  /** Norms to compute (default L1 and L∞). */
  readonly norms?: readonly NormType[];
  /** With NORM_TYPE_L2: how conv layers get l2 (default: power iteration plus the Gram bound). */
  readonly convL2Method?: L2Method;
  /** With NORM_TYPE_L2: power-iteration cap (default: the server's, 100). */
  readonly l2MaxIterations?: number;
  /** Deadline in milliseconds from now. */
  readonly timeoutMs?: number;
  /** Aborting cancels the call. */
  readonly signal?: AbortSignal;
}

/**
 * A small promise-based client over the generated grpc-js stub. Errors are
 * {@link NormserveClientError}s carrying the status code.
 */
export class NormserveClient {
  /** The generated stub, for methods the wrapper does not cover. */
  readonly stub: NormServiceClient;

  constructor(address: string, options: NormserveClientOptions = {}) {
    const max = options.maxMessageBytes ?? 512 * 1024 * 1024;
    this.stub = new NormServiceClient(address, credentials.createInsecure(), {
      "grpc.max_receive_message_length": max,
      "grpc.max_send_message_length": max,
      ...options.channelOptions,
    });
  }

  /** Exact norms of every linear layer of an ONNX model (`inputShape` includes the batch). */
  computeNorms(
    onnxModel: Uint8Array,
    options: CallOptions & { inputShape?: readonly number[] } = {},
  ): Promise<ComputeNormsResponse> {
    return this.call(
      {
        model: { $case: "onnxModel", value: onnxModel },
        norms: [...(options.norms ?? [])],
        inputShape: [...(options.inputShape ?? [])],
        convL2Method: options.convL2Method,
        l2MaxIterations: options.l2MaxIterations,
      },
      options,
    );
  }

  /** Exact norms of layers given as raw tensors, read as a chain. */
  computeLayerNorms(layers: readonly Layer[], options: CallOptions = {}): Promise<ComputeNormsResponse> {
    return this.call(
      {
        model: { $case: "layers", value: { layers: [...layers] } },
        norms: [...(options.norms ?? [])],
        convL2Method: options.convL2Method,
        l2MaxIterations: options.l2MaxIterations,
      },
      options,
    );
  }

  /** Sends a ComputeNormsRequest (unset fields take proto defaults). */
  call(request: Partial<ComputeNormsRequest>, options: CallOptions = {}): Promise<ComputeNormsResponse> {
    const full = ComputeNormsRequest.fromPartial(request);
    return this.unary(
      "ComputeNorms",
      (cb, deadline) =>
        this.stub.makeUnaryRequest(
          "/normserve.v1.NormService/ComputeNorms",
          chunkedSerializer(ComputeNormsRequest),
          (bytes: Buffer) => ComputeNormsResponse.decode(bytes),
          full,
          new Metadata(),
          { deadline },
          cb,
        ),
      options,
    );
  }

  /**
   * One norm-decay step (NormDecay). Unset fields take proto defaults; `norm` is required.
   * Keep `sessionId` from the response for the next step when `momentum > 0`.
   */
  normDecay(request: Partial<NormDecayRequest>, options: CallOptions = {}): Promise<NormDecayResponse> {
    const full = NormDecayRequest.fromPartial(request);
    return this.unary(
      "NormDecay",
      (cb, deadline) =>
        this.stub.makeUnaryRequest(
          "/normserve.v1.NormService/NormDecay",
          chunkedSerializer(NormDecayRequest),
          (bytes: Buffer) => NormDecayResponse.decode(bytes),
          full,
          new Metadata(),
          { deadline },
          cb,
        ),
      options,
    );
  }

  /** Projects layer weights into (or toward) a norm ball (ProjectNorms); `norm` is required. */
  projectNorms(
    request: Partial<ProjectNormsRequest>,
    options: CallOptions = {},
  ): Promise<ProjectNormsResponse> {
    const full = ProjectNormsRequest.fromPartial(request);
    return this.unary(
      "ProjectNorms",
      (cb, deadline) =>
        this.stub.makeUnaryRequest(
          "/normserve.v1.NormService/ProjectNorms",
          chunkedSerializer(ProjectNormsRequest),
          (bytes: Buffer) => ProjectNormsResponse.decode(bytes),
          full,
          new Metadata(),
          { deadline },
          cb,
        ),
      options,
    );
  }

  /**
   * Singular value clipping of conv layers (ClipSingularValues): the clipped kernels with σ_max
   * before and after. `clipTo` (> 0) is required; `nodeNames` picks layers (default: every conv).
   */
  clipSingularValues(
    request: Partial<ClipSingularValuesRequest>,
    options: CallOptions = {},
  ): Promise<ClipSingularValuesResponse> {
    const full = ClipSingularValuesRequest.fromPartial(request);
    return this.unary(
      "ClipSingularValues",
      (cb, deadline) =>
        this.stub.makeUnaryRequest(
          "/normserve.v1.NormService/ClipSingularValues",
          chunkedSerializer(ClipSingularValuesRequest),
          (bytes: Buffer) => ClipSingularValuesResponse.decode(bytes),
          full,
          new Metadata(),
          { deadline },
          cb,
        ),
      options,
    );
  }

  /** Opens a norm-decay session. */
  openSession(options: CallOptions = {}): Promise<OpenSessionResponse> {
    return this.unary(
      "OpenSession",
      (cb, deadline) => this.stub.openSession({}, new Metadata(), { deadline }, cb),
      options,
    );
  }

  /** Closes a norm-decay session; resolves `closed: false` when it had already expired. */
  closeSession(sessionId: string, options: CallOptions = {}): Promise<CloseSessionResponse> {
    return this.unary(
      "CloseSession",
      (cb, deadline) => this.stub.closeSession({ sessionId }, new Metadata(), { deadline }, cb),
      options,
    );
  }

  /** The server's version and its compute engine: backend, TensorFlow version, device. */
  getInfo(options: CallOptions = {}): Promise<GetInfoResponse> {
    return this.unary(
      "GetInfo",
      (cb, deadline) => this.stub.getInfo({}, new Metadata(), { deadline }, cb),
      options,
    );
  }

  /** Starts a Train job and streams its events (`started` first, with the job id). */
  train(request: TrainRequest, options: CallOptions = {}): AsyncGenerator<JobEvent> {
    const path = "/normserve.v1.NormService/Train";
    return jobEventStream(
      path,
      this.stub.train(request, new Metadata(), this.deadline(options)),
      options.signal,
    );
  }

  /** Starts an Evaluate job and streams its events. */
  evaluate(request: EvaluateRequest, options: CallOptions = {}): AsyncGenerator<JobEvent> {
    const path = "/normserve.v1.NormService/Evaluate";
    return jobEventStream(
      path,
      this.stub.evaluate(request, new Metadata(), this.deadline(options)),
      options.signal,
    );
  }

  /** A job's events after `afterSequence` (0: all), then the live ones until the job ends. */
  watchJob(jobId: string, afterSequence = 0, options: CallOptions = {}): AsyncGenerator<JobEvent> {
    const call = this.stub.watchJob({ jobId, afterSequence }, new Metadata(), this.deadline(options));
    return jobEventStream("/normserve.v1.NormService/WatchJob", call, options.signal);
  }

  /** Cancels a queued or running job. */
  cancelJob(jobId: string, options: CallOptions = {}): Promise<CancelJobResponse> {
    return this.unary(
      "CancelJob",
      (cb, deadline) => this.stub.cancelJob({ jobId }, new Metadata(), { deadline }, cb),
      options,
    );
  }

  /** A job's state and progress; with `includeModel` also its stored model (ONNX bytes). */
  getJob(jobId: string, includeModel = false, options: CallOptions = {}): Promise<GetJobResponse> {
    return this.unary(
      "GetJob",
      (cb, deadline) => this.stub.getJob({ jobId, includeModel }, new Metadata(), { deadline }, cb),
      options,
    );
  }

  /** Jobs, newest first, optionally of one kind and/or in one state. */
  listJobs(
    filter: { kind?: JobKind; state?: JobState } = {},
    options: CallOptions = {},
  ): Promise<ListJobsResponse> {
    const request = {
      kind: filter.kind ?? JobKind.JOB_KIND_UNSPECIFIED,
      state: filter.state ?? JobState.JOB_STATE_UNSPECIFIED,
    };
    return this.unary(
      "ListJobs",
      (cb, deadline) => this.stub.listJobs(request, new Metadata(), { deadline }, cb),
      options,
    );
  }

  private deadline(options: CallOptions): { deadline?: Date } {
    return options.timeoutMs === undefined ? {} : { deadline: new Date(Date.now() + options.timeoutMs) };
  }

  private unary<T>(
    method: string,
    start: (
      callback: (error: ServiceError | null, response?: T) => void,
      deadline: Date | undefined,
    ) => ClientUnaryCall,
    options: CallOptions,
  ): Promise<T> {
    const path = `/normserve.v1.NormService/${method}`;
    return new Promise((resolve, reject) => {
      const deadline = options.timeoutMs === undefined ? undefined : new Date(Date.now() + options.timeoutMs);
      const call = start((error, response) => {
        options.signal?.removeEventListener("abort", onAbort);
        if (error) reject(toClientError(path, error));
        else if (response === undefined) reject(toClientError(path, new Error("no response message")));
        else resolve(response);
      }, deadline);
      const onAbort = () => call.cancel();
      if (options.signal?.aborted) call.cancel();
      else options.signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Closes the channel. */
  close(): void {
    this.stub.close();
  }
}
