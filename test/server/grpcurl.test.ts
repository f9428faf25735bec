import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/test-server.js";

const run = promisify(execFile);
const grpcurl = fileURLToPath(new URL("../../.tools/bin/grpcurl", import.meta.url));

let ctx: TestServer;
beforeAll(async () => {
  if (!existsSync(grpcurl)) {
    throw new Error("grpcurl is missing: run `bash scripts/dev-tools.sh` (npm test does it for you)");
  }
  ctx = await startTestServer();
});
afterAll(async () => {
  await ctx?.close();
});

describe("grpcurl through server reflection", () => {
  it("lists NormService, health and reflection", async () => {
    const { stdout } = await run(grpcurl, ["-plaintext", ctx.address, "list"]);
    expect(stdout.split("\n")).toEqual(
      expect.arrayContaining(["normserve.v1.NormService", "grpc.health.v1.Health"]),
    );
  });

  it("describes every message, maps included (descriptors as protoc compiled them)", async () => {
    const { stdout } = await run(grpcurl, [
      "-plaintext",
      ctx.address,
      "describe",
      "normserve.v1.NormDecayRequest",
    ]);
    expect(stdout).toMatch(/normserve\.v1\.NormDecayRequest is a message/);
  });

  it("describes ComputeNorms", async () => {
    const { stdout } = await run(grpcurl, [
      "-plaintext",
      ctx.address,
      "describe",
      "normserve.v1.NormService",
    ]);
    expect(stdout).toMatch(
      /rpc ComputeNorms \( \.normserve\.v1\.ComputeNormsRequest \) returns \( \.normserve\.v1\.ComputeNormsResponse \)/,
    );
  });

  it("calls ComputeNorms with JSON (the README's raw-layer example)", async () => {
    // [1, 2] as float64 little-endian, base64: the README shows this exact request.
    const data = Buffer.from(new Float64Array([1, 2]).buffer).toString("base64");
    expect(data).toBe("AAAAAAAA8D8AAAAAAAAAQA==");
    const request = {
      layers: {
        layers: [
          {
            name: "fc",
            kind: "LAYER_KIND_LINEAR",
            weight: { dtype: "DATA_TYPE_FLOAT64", shape: [1, 2], data },
          },
        ],
      },
    };
    const { stdout } = await run(grpcurl, [
      "-plaintext",
      "-d",
      JSON.stringify(request),
      ctx.address,
      "normserve.v1.NormService/ComputeNorms",
    ]);
    const response = JSON.parse(stdout) as { layers: { nodeName: string; l1: number; linf: number }[] };
    expect(response.layers[0]).toMatchObject({ nodeName: "fc", l1: 2, linf: 3 });
  });

  it("reports INVALID_ARGUMENT with the field name for a NaN weight", async () => {
    const data = Buffer.from(new Float64Array([Number.NaN]).buffer).toString("base64");
    const request = {
      layers: {
        layers: [{ kind: "LAYER_KIND_LINEAR", weight: { dtype: "DATA_TYPE_FLOAT64", shape: [1, 1], data } }],
      },
    };
    const error = await run(grpcurl, [
      "-plaintext",
      "-d",
      JSON.stringify(request),
      ctx.address,
      "normserve.v1.NormService/ComputeNorms",
    ]).catch((e: { stderr: string }) => e);
    expect((error as { stderr: string }).stderr).toMatch(/Code: InvalidArgument/);
    expect((error as { stderr: string }).stderr).toMatch(/layers\[0\]\.weight: element 0 is NaN/);
  });
});
