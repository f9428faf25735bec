import { credentials, makeGenericClientConstructor, type ServiceError, status } from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";
import { describe, expect, it } from "vitest";
import {
  float64Tensor,
  LayerKind,
  NormserveClient,
  type NormserveClientError,
  NormType,
} from "../../clients/ts/src/index.js";
import { createJsonLogger } from "../../src/server/logger.js";
import { startTestServer } from "../support/test-server.js";

function healthCheck(address: string, serviceName: string): Promise<Buffer> {
  const HealthClient = makeGenericClientConstructor(healthService, "Health");
  const client = new HealthClient(address, credentials.createInsecure());
  // HealthCheckRequest { service = 1 } encoded by hand: the health stubs are not ours to generate.
  const name = Buffer.from(serviceName);
  const request =
    serviceName === "" ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a, name.length]), name]);
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      "/grpc.health.v1.Health/Check",
      (b: Buffer) => b,
      (b: Buffer) => b,
      request,
      (error: ServiceError | null, response?: Buffer) => {
        client.close();
        if (error) reject(error);
        else resolve(response ?? Buffer.alloc(0));
      },
    );
  });
}

const fc = {
  name: "fc",
  kind: LayerKind.LAYER_KIND_LINEAR,
  weight: float64Tensor([2, 2], [1, 2, 3, 4]),
  conv: undefined,
  inputShape: [],
  batchNorm: undefined,
};

describe("server plumbing", () => {
  it("reports SERVING for the whole server and for normserve.v1.NormService", async () => {
    const ctx = await startTestServer();
    try {
      expect([...(await healthCheck(ctx.address, ""))]).toEqual([0x08, 0x01]);
      expect([...(await healthCheck(ctx.address, "normserve.v1.NormService"))]).toEqual([0x08, 0x01]);
    } finally {
      await ctx.close();
    }
  });

  it("answers NORM_TYPE_L2: the exact σ_max of [[1,2],[3,4]] is √(15 + √221)", async () => {
    const ctx = await startTestServer();
    try {
      const response = await ctx.client.computeLayerNorms([fc], { norms: [NormType.NORM_TYPE_L2] });
      expect(response.layers[0].l2).toBeCloseTo(Math.sqrt(15 + Math.sqrt(221)), 14);
    } finally {
      await ctx.close();
    }
  });

  it("rejects a message over the configured limit with RESOURCE_EXHAUSTED and keeps serving", async () => {
    const ctx = await startTestServer({ maxMessageBytes: 64 * 1024 });
    const big = new NormserveClient(ctx.address);
    try {
      const error = await big.computeNorms(new Uint8Array(128 * 1024)).catch((e) => e);
      expect((error as NormserveClientError).code).toBe(status.RESOURCE_EXHAUSTED);
      const ok = await ctx.client.computeLayerNorms([fc]);
      expect(ok.layers[0].linf).toBe(7);
    } finally {
      big.close();
      await ctx.close();
    }
  });

  it("a call cancelled by the client ends CANCELLED and the server keeps serving", async () => {
    const ctx = await startTestServer();
    try {
      const controller = new AbortController();
      const pending = ctx.client.computeLayerNorms([fc], { signal: controller.signal });
      controller.abort();
      const error = await pending.catch((e) => e);
      expect((error as NormserveClientError).code).toBe(status.CANCELLED);
      const ok = await ctx.client.computeLayerNorms([fc]);
      expect(ok.layers[0].l1).toBe(6);
    } finally {
      await ctx.close();
    }
  });

  it("an already expired deadline ends DEADLINE_EXCEEDED", async () => {
    const ctx = await startTestServer();
    try {
      const error = await ctx.client.computeLayerNorms([fc], { timeoutMs: 0 }).catch((e) => e);
      expect((error as NormserveClientError).code).toBe(status.DEADLINE_EXCEEDED);
    } finally {
      await ctx.close();
    }
  });

  it("logs one structured line per call with method, status and duration", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createJsonLogger((line) => lines.push(JSON.parse(line)), "debug");
    const ctx = await startTestServer({ logger });
    try {
      await ctx.client.computeLayerNorms([fc]);
      await ctx.client.computeLayerNorms([]).catch(() => undefined);
      const calls = lines.filter((l) => l.msg === "call");
      expect(calls.map((l) => [l.level, l.method, l.code])).toEqual([
        ["debug", "computeNorms", "OK"],
        ["info", "computeNorms", "INVALID_ARGUMENT"],
      ]);
      expect(calls[1].details).toMatch(/at least one layer/);
      expect(typeof calls[0].ms).toBe("number");
    } finally {
      await ctx.close();
    }
  });

  it("shutdown lets an in-flight call finish", async () => {
    const ctx = await startTestServer();
    const pending = ctx.client.computeLayerNorms([fc]);
    // Give the request time to reach the server before draining starts.
    await new Promise((r) => setTimeout(r, 50));
    const closing = ctx.server.shutdown(5_000);
    const response = await pending;
    expect(response.layers[0].l1).toBe(6);
    await closing;
    ctx.client.close();
  });
});
