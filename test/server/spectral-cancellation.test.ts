import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { L2Method, type NormserveClientError, NormType } from "../../clients/ts/src/index.js";
import { seededFloats } from "../../src/onnx/testing/seeded-random.js";
import { createJsonLogger } from "../../src/server/logger.js";
import { convLayer, linearLayer } from "../support/raw-layers.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

interface CallLine {
  readonly msg: string;
  readonly method?: string;
  readonly code?: string;
  readonly ms?: number;
}

const lines: CallLine[] = [];
let ctx: TestServer;
beforeAll(async () => {
  ctx = await startTestServer({
    logger: createJsonLogger((line) => lines.push(JSON.parse(line)), "debug"),
  });
});
afterAll(async () => {
  await ctx.close();
});

// 64→64 3×3 on 32×32: power iteration takes seconds (≈10 s on a 2-core box), far beyond the
// few hundred milliseconds after which these tests cancel.
const big = convLayer(
  "big",
  [64, 64, 3, 3],
  seededFloats(64 * 64 * 9, 1),
  [64, 32, 32],
  { pads: [1, 1, 1, 1] },
  true,
);

/** The server's access-log line for the next finished call of `method`, waiting up to 20 s. */
async function nextCallLine(method: string, after: number): Promise<CallLine> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const line = lines.slice(after).find((l) => l.msg === "call" && l.method === method);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no log line for ${method}`);
}

async function expectStillServing(): Promise<void> {
  const small = await ctx.client.computeLayerNorms(
    [
      convLayer("small", [2, 1, 3, 3], seededFloats(18, 2), [1, 6, 6]),
      linearLayer("fc", 2, 2, [1, -2, 3, 4]),
    ],
    { norms: [NormType.NORM_TYPE_L1, NormType.NORM_TYPE_L2] },
  );
  expect(small.layers[0].l2).toBeGreaterThan(0);
  expect(small.layers[1].l1).toBe(6);
}

describe("cancelling long spectral calls", () => {
  it("ComputeNorms L2 (power iteration) cancelled by the client: CANCELLED, the worker stops, the server keeps serving", async () => {
    const mark = lines.length;
    const controller = new AbortController();
    const pending = ctx.client.computeLayerNorms([big], {
      norms: [NormType.NORM_TYPE_L2],
      convL2Method: L2Method.L2_METHOD_POWER_ITERATION,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 300);
    const error = await pending.catch((e: unknown) => e);
    expect((error as NormserveClientError).code).toBe(status.CANCELLED);
    // The handler answered CANCELLED (had the work run on, it would have logged OK seconds later).
    const line = await nextCallLine("computeNorms", mark);
    expect(line.code).toBe("CANCELLED");
    expect(line.ms).toBeLessThan(3_000);
    await expectStillServing();
  });

  it("ComputeNorms L2 past its deadline: DEADLINE_EXCEEDED for the client, the server stops the work", async () => {
    const mark = lines.length;
    const error = await ctx.client
      .computeLayerNorms([big], { norms: [NormType.NORM_TYPE_L2], timeoutMs: 300 })
      .catch((e: unknown) => e);
    expect((error as NormserveClientError).code).toBe(status.DEADLINE_EXCEEDED);
    const line = await nextCallLine("computeNorms", mark);
    expect(line.code).toBe("CANCELLED");
    expect(line.ms).toBeLessThan(3_000);
    await expectStillServing();
  });

  it("ClipSingularValues cancelled by the client: CANCELLED, and the server keeps serving", async () => {
    const mark = lines.length;
    const controller = new AbortController();
    const layers = Array.from({ length: 6 }, (_, i) => ({ ...big, name: `big${i}` }));
    const pending = ctx.client.clipSingularValues(
      { model: { $case: "layers", value: { layers } }, clipTo: 0.1 },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 300);
    const error = await pending.catch((e: unknown) => e);
    expect((error as NormserveClientError).code).toBe(status.CANCELLED);
    const line = await nextCallLine("clipSingularValues", mark);
    expect(line.code).toBe("CANCELLED");
    await expectStillServing();
  });
});
