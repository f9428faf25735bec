import { fileURLToPath } from "node:url";
import * as protoLoader from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import { protoPath as healthProtoPath } from "grpc-health-check";

/** Folder holding the .proto sources (shipped with the package for reflection). */
export const PROTO_ROOT = fileURLToPath(new URL("../../proto", import.meta.url));

/**
 * Server reflection over our own .proto files and grpc.health.v1, so grpcurl and other generic
 * clients can list and call every method without local copies of the schema.
 */
export function createReflectionService(): ReflectionService {
  const definition = protoLoader.loadSync(["normserve/v1/norm_service.proto", healthProtoPath], {
    includeDirs: [PROTO_ROOT],
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  return new ReflectionService(definition);
}
