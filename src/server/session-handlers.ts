import type { ServerUnaryCall, sendUnaryData } from "@grpc/grpc-js";
import { invalidArgument } from "../errors/normserve-error.js";
import type {
  CloseSessionRequest,
  CloseSessionResponse,
  OpenSessionRequest,
  OpenSessionResponse,
} from "../gen/normserve/v1/norm_decay.js";
import type { DecaySessionStore } from "../norms/decay-session-store.js";
import { toServiceError } from "./error-status.js";
import type { Logger } from "./logger.js";

/**
 * OpenSession (RESOURCE_EXHAUSTED past the session cap) and CloseSession (idempotent: `closed`
 * says whether a live session went away) over the server's {@link DecaySessionStore}.
 */
export function makeSessionHandlers(logger: Logger, sessions: DecaySessionStore) {
  return {
    openSession(
      _call: ServerUnaryCall<OpenSessionRequest, OpenSessionResponse>,
      callback: sendUnaryData<OpenSessionResponse>,
    ): void {
      try {
        const { id } = sessions.open();
        callback(null, { sessionId: id, idleTtlSeconds: sessions.idleTtlMs / 1000 });
      } catch (error) {
        callback(toServiceError(error, "OpenSession", logger));
      }
    },
    closeSession(
      call: ServerUnaryCall<CloseSessionRequest, CloseSessionResponse>,
      callback: sendUnaryData<CloseSessionResponse>,
    ): void {
      try {
        if (call.request.sessionId === "") throw invalidArgument("session_id: required");
        callback(null, { closed: sessions.delete(call.request.sessionId) });
      } catch (error) {
        callback(toServiceError(error, "CloseSession", logger));
      }
    },
  };
}
