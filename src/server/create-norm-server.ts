import { Server, ServerCredentials } from "@grpc/grpc-js";
import { HealthImplementation } from "grpc-health-check";
import { NormServiceService } from "../gen/normserve/v1/norm_service.js";
import { DecaySessionStore } from "../norms/decay-session-store.js";
import { createSpectralWorkers } from "../norms/parallel/spectral-workers.js";
import { withChunkedResponses } from "./chunked-responses.js";
import { makeClipSingularValuesHandler } from "./clip-singular-values-handler.js";
import { makeComputeNormsHandler } from "./compute-norms-handler.js";
import { withDecodeGuard } from "./decode-guard.js";
import { engineInfoProvider } from "./engine-info-provider.js";
import { makeGetInfoHandler } from "./get-info-handler.js";
import type { Logger } from "./logger.js";
import { makeNormDecayHandler } from "./norm-decay-handler.js";
import { readPackageVersion } from "./package-version.js";
import { makeProjectNormsHandler } from "./project-norms-handler.js";
import { createReflectionService } from "./reflection-service.js";
import { DEFAULT_MAX_MESSAGE_BYTES, type NormServerOptions } from "./server-options.js";
import { makeSessionHandlers } from "./session-handlers.js";
import { withCallLogging } from "./with-call-logging.js";

/** Fully qualified name of our service, as health checks address it. */
export const NORM_SERVICE_NAME = "normserve.v1.NormService";

/** A running (or ready to bind) normserve gRPC server. */
export interface NormServer {
  /** Binds `host:port` (port 0 picks a free one) and resolves with the bound port. */
  listen(address: string): Promise<number>;
  /**
   * Stops accepting calls, lets in-flight calls finish for up to `graceMs`, then cancels the
   * rest. Resolves once the server is closed.
   */
  shutdown(graceMs?: number): Promise<void>;
}

/**
 * Assembles the server: NormService, grpc.health.v1 and reflection, with message size limits.
 * Nothing is global, so tests can run several servers in one process.
 */
export function createNormServer(logger: Logger, options: NormServerOptions = {}): NormServer {
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const server = new Server({
    "grpc.max_receive_message_length": maxBytes,
    "grpc.max_send_message_length": maxBytes,
  });
  // Norm-decay sessions live as long as the server; shutdown drops them.
  const sessions = new DecaySessionStore({
    idleTtlMs: options.sessionIdleTtlMs,
    maxSessions: options.maxSessions,
    maxStateBytes: options.maxSessionStateBytes,
  });
  // Worker threads for L2 norms and SVC; none starts before the first such call.
  const spectral = createSpectralWorkers(options.spectralThreads);
  server.addService(
    ...withDecodeGuard(
      withChunkedResponses(NormServiceService),
      withCallLogging(
        {
          computeNorms: makeComputeNormsHandler(logger, spectral),
          clipSingularValues: makeClipSingularValuesHandler(logger, spectral),
          normDecay: makeNormDecayHandler(logger, sessions),
          projectNorms: makeProjectNormsHandler(logger),
          getInfo: makeGetInfoHandler(logger, engineInfoProvider(options.engine), readPackageVersion()),
          ...makeSessionHandlers(logger, sessions),
        },
        logger,
      ),
    ),
  );
  const health = new HealthImplementation({ "": "SERVING", [NORM_SERVICE_NAME]: "SERVING" });
  health.addToServer(server);
  createReflectionService().addToServer(server);

  return {
    listen(address) {
      return new Promise((resolve, reject) => {
        server.bindAsync(address, ServerCredentials.createInsecure(), (error, port) => {
          if (error) reject(error);
          else resolve(port);
        });
      });
    },
    shutdown(graceMs = 10_000) {
      health.setStatus("", "NOT_SERVING");
      health.setStatus(NORM_SERVICE_NAME, "NOT_SERVING");
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          logger.log("warn", "grace period over, cancelling in-flight calls", { graceMs });
          server.forceShutdown();
          sessions.close();
          void spectral.close().then(() => resolve());
        }, graceMs);
        timer.unref();
        server.tryShutdown(() => {
          clearTimeout(timer);
          sessions.close();
          void spectral.close().then(() => resolve());
        });
      });
    },
  };
}
