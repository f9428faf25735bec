import {
  type MethodDefinition,
  type ServiceDefinition,
  type ServiceError,
  status,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";

const DECODE_FAILURE = Symbol("normserve.decodeFailure");

interface DecodeFailure {
  readonly [DECODE_FAILURE]: string;
}

function isDecodeFailure(value: unknown): value is DecodeFailure {
  return typeof value === "object" && value !== null && DECODE_FAILURE in value;
}

/**
 * grpc-js answers a request it cannot deserialize with INTERNAL. A malformed request is the
 * caller's fault, so this wraps a service: failed decodes (bad wire data, int64 values beyond
 * 2^53) reach the handler wrapper, which answers INVALID_ARGUMENT with the decoder's message.
 */
export function withDecodeGuard(
  definition: ServiceDefinition,
  implementation: UntypedServiceImplementation,
): [ServiceDefinition, UntypedServiceImplementation] {
  const guardedDefinition: Record<string, MethodDefinition<unknown, unknown>> = {};
  const guardedImplementation: UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(definition)) {
    guardedDefinition[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer) => {
        try {
          return method.requestDeserialize(bytes);
        } catch (error) {
          const failure: DecodeFailure = {
            [DECODE_FAILURE]: error instanceof Error ? error.message : String(error),
          };
          return failure;
        }
      },
    };
    const handler = implementation[name];
    if (handler === undefined) continue;
    guardedImplementation[name] = (
      call: { request?: unknown; emit?: (e: string, v: unknown) => void },
      callback?: (e: Partial<ServiceError>) => void,
    ) => {
      if (isDecodeFailure(call.request)) {
        const error: Partial<ServiceError> = {
          code: status.INVALID_ARGUMENT,
          details: `request could not be decoded: ${call.request[DECODE_FAILURE]}`,
        };
        if (callback) callback(error);
        else call.emit?.("error", error);
        return;
      }
      (handler as (call: unknown, callback?: unknown) => void)(call, callback);
    };
  }
  return [guardedDefinition, guardedImplementation];
}
