import { Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { NormserveError, type NormserveErrorCode } from "../errors/normserve-error.js";
import type { Logger } from "./logger.js";

const STATUS_OF: Record<NormserveErrorCode, status> = {
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  RESOURCE_EXHAUSTED: status.RESOURCE_EXHAUSTED,
  NOT_FOUND: status.NOT_FOUND,
  UNIMPLEMENTED: status.UNIMPLEMENTED,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  CANCELLED: status.CANCELLED,
  DEADLINE_EXCEEDED: status.DEADLINE_EXCEEDED,
  ABORTED: status.ABORTED,
};

/**
 * The one place errors become gRPC statuses: a {@link NormserveError} keeps its code and message,
 * an abort becomes CANCELLED, anything else becomes INTERNAL with a generic message while the
 * stack goes to the log, never to the client.
 */
export function toServiceError(error: unknown, method: string, logger: Logger): Partial<ServiceError> {
  if (error instanceof NormserveError) {
    return { code: STATUS_OF[error.code], details: error.message, metadata: new Metadata() };
  }
  if (error instanceof Error && error.name === "AbortError") {
    return { code: status.CANCELLED, details: "call cancelled", metadata: new Metadata() };
  }
  logger.log("error", "internal error", {
    method,
    error: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
  return {
    code: status.INTERNAL,
    details: "internal error (logged on the server)",
    metadata: new Metadata(),
  };
}
