import { type ServiceError, status, type UntypedServiceImplementation } from "@grpc/grpc-js";
import type { Logger } from "./logger.js";

type UnaryCallback = (error: Partial<ServiceError> | null, ...rest: unknown[]) => void;
type Handler = (call: unknown, callback?: UnaryCallback) => void;

/**
 * Access log for unary methods: one structured line per call with the method, the status code
 * name and the duration (`debug` for OK, `info` for client errors, `warn` for INTERNAL).
 */
export function withCallLogging(
  implementation: UntypedServiceImplementation,
  logger: Logger,
): UntypedServiceImplementation {
  const wrapped: UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(implementation)) {
    wrapped[method] = (call: unknown, callback?: UnaryCallback) => {
      if (callback === undefined) {
        (handler as Handler)(call);
        return;
      }
      const start = performance.now();
      (handler as Handler)(call, (error, ...rest) => {
        const code = error?.code ?? status.OK;
        logger.log(code === status.OK ? "debug" : code === status.INTERNAL ? "warn" : "info", "call", {
          method,
          code: status[code],
          ms: Math.round((performance.now() - start) * 100) / 100,
          ...(error?.details ? { details: error.details } : {}),
        });
        callback(error, ...rest);
      });
    };
  }
  return wrapped;
}
