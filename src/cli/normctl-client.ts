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

/**
 * Sends one ComputeNorms request to `address` and closes the channel. Rejects with a
 * {@link NormctlCallError} carrying the status code when the call fails.
 */
export function callComputeNorms(
  address: string,
  request: ComputeNormsRequest,
  timeoutMs: number,
): Promise<ComputeNormsResponse> {
  const stub = new NormServiceClient(address, credentials.createInsecure(), {
    "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
  });
  return new Promise<ComputeNormsResponse>((resolve, reject) => {
    stub.computeNorms(
      request,
      new Metadata(),
      { deadline: Date.now() + timeoutMs },
      (error: ServiceError | null, response) => {
        if (error) reject(new NormctlCallError(error.code ?? status.UNKNOWN, error.details ?? error.message));
        else resolve(response);
      },
    );
  }).finally(() => stub.close());
}
