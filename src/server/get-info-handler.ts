import type { ServerUnaryCall, sendUnaryData } from "@grpc/grpc-js";
import type { BackendName } from "../engine/backend/backend-info.js";
import { EngineBackend, type GetInfoRequest, type GetInfoResponse } from "../gen/normserve/v1/get_info.js";
import type { EngineInfoProvider } from "./engine-info-provider.js";
import { toServiceError } from "./error-status.js";
import type { Logger } from "./logger.js";

const WIRE_BACKEND: Record<BackendName, EngineBackend> = {
  tensorflow: EngineBackend.ENGINE_BACKEND_TENSORFLOW,
  wasm: EngineBackend.ENGINE_BACKEND_WASM,
  cpu: EngineBackend.ENGINE_BACKEND_CPU,
};

/** GetInfo: the server version and the engine backend picked at start-up, as the wire message. */
export function makeGetInfoHandler(logger: Logger, engine: EngineInfoProvider, serverVersion: string) {
  return (
    _call: ServerUnaryCall<GetInfoRequest, GetInfoResponse>,
    callback: sendUnaryData<GetInfoResponse>,
  ): void => {
    engine().then(
      (info) =>
        callback(null, {
          serverVersion,
          backend: WIRE_BACKEND[info.name],
          tfVersion: info.tfVersion ?? "",
          device: info.device,
          fallbackReason: info.fallbackReason ?? "",
          availableBackends: info.available.map((name) => WIRE_BACKEND[name]),
          tfjsVersion: info.tfjsVersion,
          threads: info.threads ?? 0,
        }),
      (error: unknown) => callback(toServiceError(error, "GetInfo", logger)),
    );
  };
}
