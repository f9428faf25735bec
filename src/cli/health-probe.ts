#!/usr/bin/env node
import { credentials, makeGenericClientConstructor, type ServiceError } from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";

/**
 * Exits 0 when the server at argv[2] (default 127.0.0.1:50051) reports SERVING through
 * grpc.health.v1, 1 otherwise. Used by the Docker HEALTHCHECK.
 */
const address = process.argv[2] ?? "127.0.0.1:50051";
const HealthClient = makeGenericClientConstructor(healthService, "Health");
const client = new HealthClient(address, credentials.createInsecure());
client.makeUnaryRequest(
  "/grpc.health.v1.Health/Check",
  () => Buffer.alloc(0),
  (bytes: Buffer) => bytes,
  {},
  { deadline: Date.now() + 4_000 },
  (error: ServiceError | null, response?: Buffer) => {
    // HealthCheckResponse { status = 1 (SERVING) } encodes as 08 01.
    const serving = !error && response !== undefined && response[0] === 0x08 && response[1] === 0x01;
    process.stdout.write(serving ? "SERVING\n" : `NOT SERVING${error ? `: ${error.details}` : ""}\n`);
    client.close();
    process.exit(serving ? 0 : 1);
  },
);
