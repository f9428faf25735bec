/**
 * Status codes our domain code may raise; the server maps each to the gRPC status of the same
 * name. Anything else that escapes becomes INTERNAL with a generic message.
 */
export type NormserveErrorCode =
  | "INVALID_ARGUMENT"
  | "FAILED_PRECONDITION"
  | "RESOURCE_EXHAUSTED"
  | "NOT_FOUND"
  | "UNIMPLEMENTED"
  | "UNAUTHENTICATED"
  | "CANCELLED"
  | "DEADLINE_EXCEEDED"
  /** A job stopped without success (failed or interrupted); the message says why. */
  | "ABORTED";

/**
 * An error meant for the caller: its message is sent as the status details, so it must name the
 * node or field at fault and never contain a stack or internal paths.
 */
export class NormserveError extends Error {
  override name = "NormserveError";

  constructor(
    readonly code: NormserveErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Shorthand for an INVALID_ARGUMENT {@link NormserveError}. */
export function invalidArgument(message: string, cause?: unknown): NormserveError {
  return new NormserveError("INVALID_ARGUMENT", message, { cause });
}

/** Shorthand for a FAILED_PRECONDITION {@link NormserveError}. */
export function failedPrecondition(message: string, cause?: unknown): NormserveError {
  return new NormserveError("FAILED_PRECONDITION", message, { cause });
}
