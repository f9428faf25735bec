import { Server, ServerCredentials } from "@grpc/grpc-js";
import { HealthImplementation } from "grpc-health-check";
import { EvaluateRequest } from "../gen/normserve/v1/evaluate.js";
import { NormServiceService } from "../gen/normserve/v1/norm_service.js";
import { TrainRequest } from "../gen/normserve/v1/train.js";
import { FileJobStore } from "../jobs/file-job-store.js";
import { InProcessJobQueue } from "../jobs/in-process-job-queue.js";
import { jobEngineProvider } from "../jobs/job-engine-provider.js";
import { JobManager } from "../jobs/job-manager.js";
import { DecaySessionStore } from "../norms/decay-session-store.js";
import { createSpectralWorkers } from "../norms/parallel/spectral-workers.js";
import { makeCancelJobHandler } from "./cancel-job-handler.js";
import { withChunkedResponses } from "./chunked-responses.js";
import { makeClipSingularValuesHandler } from "./clip-singular-values-handler.js";
import { makeComputeNormsHandler } from "./compute-norms-handler.js";
import { withDecodeGuard } from "./decode-guard.js";
import { defaultJobPreparers } from "./default-job-preparers.js";
import { engineInfoProvider } from "./engine-info-provider.js";
import { makeGetInfoHandler } from "./get-info-handler.js";
import { makeGetJobHandler } from "./get-job-handler.js";
import { makeListJobsHandler } from "./list-jobs-handler.js";
import type { Logger } from "./logger.js";
import { makeNormDecayHandler } from "./norm-decay-handler.js";
import { readPackageVersion } from "./package-version.js";
import { makeProjectNormsHandler } from "./project-norms-handler.js";
import { createReflectionService } from "./reflection-service.js";
import { DEFAULT_DATA_DIR, DEFAULT_MAX_MESSAGE_BYTES, type NormServerOptions } from "./server-options.js";
import { makeSessionHandlers } from "./session-handlers.js";
import { makeSubmitJobHandler } from "./submit-job-handler.js";
import { makeWatchJobHandler } from "./watch-job-handler.js";
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
  const engineInfo = engineInfoProvider(options.engine);
  // Jobs: stored under the data dir (nothing is written before the first job); recovery of jobs
  // a previous server left running happens before `listen` resolves.
  const jobsReady = JobManager.open({
    store: new FileJobStore(options.dataDir ?? DEFAULT_DATA_DIR),
    queue: new InProcessJobQueue(options.maxConcurrentJobs ?? 1),
    engine: options.jobEngine ?? jobEngineProvider(engineInfo),
    logger,
  });
  jobsReady.catch(() => {});
  const jobs = () => jobsReady;
  const preparers = options.jobPreparers ?? defaultJobPreparers;
  server.addService(
    ...withDecodeGuard(
      withChunkedResponses(NormServiceService),
      withCallLogging(
        {
          computeNorms: makeComputeNormsHandler(logger, spectral),
          clipSingularValues: makeClipSingularValuesHandler(logger, spectral),
          normDecay: makeNormDecayHandler(logger, sessions),
          projectNorms: makeProjectNormsHandler(logger),
          getInfo: makeGetInfoHandler(logger, engineInfo, readPackageVersion()),
          ...makeSessionHandlers(logger, sessions),
          train: makeSubmitJobHandler("Train", logger, jobs, preparers.train, TrainRequest),
          evaluate: makeSubmitJobHandler("Evaluate", logger, jobs, preparers.evaluate, EvaluateRequest),
          watchJob: makeWatchJobHandler(logger, jobs),
          cancelJob: makeCancelJobHandler(logger, jobs),
          getJob: makeGetJobHandler(logger, jobs),
          listJobs: makeListJobsHandler(logger, jobs),
        },
        logger,
      ),
    ),
  );
  const health = new HealthImplementation({ "": "SERVING", [NORM_SERVICE_NAME]: "SERVING" });
  health.addToServer(server);
  createReflectionService().addToServer(server);

  return {
    async listen(address) {
      await jobsReady;
      return new Promise((resolve, reject) => {
        server.bindAsync(address, ServerCredentials.createInsecure(), (error, port) => {
          if (error) reject(error);
          else resolve(port);
        });
      });
    },
    async shutdown(graceMs = 10_000) {
      health.setStatus("", "NOT_SERVING");
      health.setStatus(NORM_SERVICE_NAME, "NOT_SERVING");
      // Running jobs become INTERRUPTED first, so their streams end instead of holding the drain.
      await jobsReady.then(
        (manager) => manager.shutdown(graceMs),
        () => {},
      );
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
