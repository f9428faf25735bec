import { type ChannelOptions, credentials, Metadata } from "@grpc/grpc-js";
import {
  type ComputeNormsRequest,
  type ComputeNormsResponse,
  NormType,
} from "./gen/normserve/v1/compute_norms.js";
import type { Layer } from "./gen/normserve/v1/layer.js";
import { NormServiceClient } from "./gen/normserve/v1/norm_service.js";
import { toClientError } from "./normserve-client-error.js";

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
    return this.call({
      model: { $case: "onnxModel", value: onnxModel },
      norms: [...(options.norms ?? [])],
      inputShape: [...(options.inputShape ?? [])],
    }, options);
  }

  /** Exact norms of layers given as raw tensors, read as a chain. */
  computeLayerNorms(layers: readonly Layer[], options: CallOptions = {}): Promise<ComputeNormsResponse> {
    return this.call(
      { model: { $case: "layers", value: { layers: [...layers] } }, norms: [...(options.norms ?? [])], inputShape: [] },
      options,
    );
  }

  /** Sends a full ComputeNormsRequest. */
  call(request: ComputeNormsRequest, options: CallOptions = {}): Promise<ComputeNormsResponse> {
    const path = "/normserve.v1.NormService/ComputeNorms";
    return new Promise((resolve, reject) => {
      const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
      const call = this.stub.computeNorms(request, new Metadata(), { deadline }, (error, response) => {
        options.signal?.removeEventListener("abort", onAbort);
        if (error) reject(toClientError(path, error));
        else resolve(response);
      });
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
