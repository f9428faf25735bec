import { credentials, Metadata, type ServiceError, status } from "@grpc/grpc-js";
import type { ComputeNormsRequest, ComputeNormsResponse } from "../gen/normserve/v1/compute_norms.js";
import { NormServiceClient } from "../gen/normserve/v1/norm_service.js";

// normctl ships in dist/ (tsconfig.build.json has rootDir src), so it cannot import the TS client in
// clients/ts/src; this is the small part of it that normctl needs, over the same generated stubs.

/** Largest message either way, matching the server's default limit. */
const MAX_MESSAGE_BYTES = 512 * 1024 * 1024;

/** A failed call: the gRPC status code and the server's message. */
export class NormctlCallError extends Error {
  override name = "NormctlCallError";

  constructor(
    /** gRPC status code. */
    readonly code: status,
    /** The server's (or grpc-js's) message. */
    readonly details: string,
  ) {
    super(`${status[code] ?? code}: ${details}`);
  }

  /** The status code's name, e.g. `INVALID_ARGUMENT`. */
  get codeName(): string {
    return status[this.code] ?? String(this.code);
  }
}

/** A grpc-js failure as a {@link NormctlCallError}. @internal */
export function toCallError(error: unknown): NormctlCallError {
  const e = error as Partial<ServiceError>;
  return new NormctlCallError(e.code ?? status.UNKNOWN, e.details ?? e.message ?? String(error));
}

/** A channel to the server; `close()` it when done. */
export function openStub(address: string): NormServiceClient {
  return new NormServiceClient(address, credentials.createInsecure(), {
    "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
  });
}

/** Calls a unary method of the stub as a promise; failures reject with {@link NormctlCallError}. */
export function unary<Req, Res>(
  method: (
    request: Req,
    metadata: Metadata,
    options: { deadline: number },
    callback: (error: ServiceError | null, response: Res) => void,
  ) => unknown,
  request: Req,
  timeoutMs = 60_000,
): Promise<Res> {
  return new Promise<Res>((resolve, reject) => {
    method(request, new Metadata(), { deadline: Date.now() + timeoutMs }, (error, response) => {
      if (error) reject(toCallError(error));
      else resolve(response);
    });
  });
}

/**
 * Sends one ComputeNorms request to `address` and closes the channel. Rejects with a
 * {@link NormctlCallError} carrying the status code when the call fails.
 */
export function callComputeNorms(
  address: string,
  request: ComputeNormsRequest,
  timeoutMs: number,
): Promise<ComputeNormsResponse> {
  const stub = openStub(address);
  return unary(stub.computeNorms.bind(stub), request, timeoutMs).finally(() => stub.close());
}
