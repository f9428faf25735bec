import { type ServiceError, status } from "@grpc/grpc-js";

/** A failed call: which method, the gRPC status code and the server's message. */
export class NormserveClientError extends Error {
  override name = "NormserveClientError";

  constructor(
    /** Full method path, e.g. `/normserve.v1.NormService/ComputeNorms`. */
    readonly path: string,
    /** gRPC status code. */
    readonly code: status,
    /** The server's message. */
    readonly details: string,
  ) {
    super(`${path} ${status[code] ?? code}: ${details}`);
  }
}

/** Wraps a grpc-js ServiceError (or anything thrown) into a {@link NormserveClientError}. */
export function toClientError(path: string, error: unknown): NormserveClientError {
  if (error instanceof NormserveClientError) return error;
  const serviceError = error as Partial<ServiceError>;
  return new NormserveClientError(
    path,
    serviceError.code ?? status.UNKNOWN,
    serviceError.details ?? (error instanceof Error ? error.message : String(error)),
  );
}
