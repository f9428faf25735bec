import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Layer, type NormDecayRequest, NormType } from "../../clients/ts/src/index.js";
import { expectStatus } from "../support/expect-status.js";
import { batchNormLayer, linearLayer, tensor } from "../support/raw-layers.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

function request(layers: Layer[], fields: Partial<NormDecayRequest>): Partial<NormDecayRequest> {
  return { model: { $case: "layers", value: { layers } }, norm: NormType.NORM_TYPE_L1, beta: 1, ...fields };
}

const fc = linearLayer("fc", 3, 4, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);

describe("NormDecay sessions (real server)", () => {
  it("an idle session expires: NOT_FOUND saying so (TTL 50 ms)", async () => {
    const ctx = await startTestServer({ sessionIdleTtlMs: 50 });
    try {
      const { sessionId, idleTtlSeconds } = await ctx.client.openSession();
      expect(idleTtlSeconds).toBe(0.05);
      await ctx.client.normDecay(request([fc], { momentum: 0.5, sessionId }));
      await new Promise((resolve) => setTimeout(resolve, 120));
      await expectStatus(
        ctx.client.normDecay(request([fc], { momentum: 0.5, sessionId })),
        status.NOT_FOUND,
        new RegExp(`session_id '${sessionId}': the session expired after 0.05 s without a call`),
      );
      expect((await ctx.client.closeSession(sessionId)).closed).toBe(false);
    } finally {
      await ctx.close();
    }
  });

  it("closed or unknown ids are NOT_FOUND; CloseSession is idempotent", async () => {
    const ctx = await startTestServer();
    try {
      const { sessionId } = await ctx.client.openSession();
      expect((await ctx.client.closeSession(sessionId)).closed).toBe(true);
      expect((await ctx.client.closeSession(sessionId)).closed).toBe(false);
      await expectStatus(
        ctx.client.normDecay(request([fc], { sessionId })),
        status.NOT_FOUND,
        /the session is unknown/,
      );
      await expectStatus(ctx.client.closeSession(""), status.INVALID_ARGUMENT, /session_id: required/);
    } finally {
      await ctx.close();
    }
  });

  it("max sessions = 1: OpenSession and an implicit session past it are RESOURCE_EXHAUSTED", async () => {
    const ctx = await startTestServer({ maxSessions: 1 });
    try {
      const { sessionId } = await ctx.client.openSession();
      await expectStatus(
        ctx.client.openSession(),
        status.RESOURCE_EXHAUSTED,
        /1 sessions are open, the server's limit is 1/,
      );
      await expectStatus(
        ctx.client.normDecay(request([fc], { momentum: 0.5 })),
        status.RESOURCE_EXHAUSTED,
        /limit is 1/,
      );
      // Stateless calls need no session.
      expect((await ctx.client.normDecay(request([fc], { momentum: 0 }))).sessionId).toBe("");
      await ctx.client.closeSession(sessionId);
      await ctx.client.openSession();
    } finally {
      await ctx.close();
    }
  });

  it("state cap 40 bytes: a step needing 48 is RESOURCE_EXHAUSTED and leaves no session behind", async () => {
    const ctx = await startTestServer({ maxSessionStateBytes: 40, maxSessions: 1 });
    try {
      // L1 of a 3×4 linear layer: one column, 3 entries of 16 bytes.
      await expectStatus(
        ctx.client.normDecay(request([fc], { momentum: 0.5 })),
        status.RESOURCE_EXHAUSTED,
        /needs 48 more bytes of decay state, 0 are held and the server's limit is 40/,
      );
      const { sessionId } = await ctx.client.openSession();
      const small = batchNormLayer("bn", [1, 2], [1, 1]);
      expect(
        (await ctx.client.normDecay(request([small], { momentum: 0.5, sessionId }))).layers,
      ).toHaveLength(1);
    } finally {
      await ctx.close();
    }
  });

  it("a layer whose size changed under the session is INVALID_ARGUMENT", async () => {
    const ctx = await startTestServer();
    try {
      const { sessionId } = await ctx.client.openSession();
      await ctx.client.normDecay(request([fc], { momentum: 0.5, sessionId }));
      await expectStatus(
        ctx.client.normDecay(
          request([linearLayer("fc", 2, 4, [1, 2, 3, 4, 5, 6, 7, 8])], { momentum: 0.5, sessionId }),
        ),
        status.INVALID_ARGUMENT,
        /fc \(fc\.weight\) has 8 weights, but the session's decay state for it has 12; open a new session/,
      );
    } finally {
      await ctx.close();
    }
  });
});

describe("NormDecay: bad input is INVALID_ARGUMENT naming the field", () => {
  let ctx: TestServer;
  beforeAll(async () => {
    ctx = await startTestServer();
  });
  afterAll(async () => {
    await ctx.close();
  });
  const gradient = (name: string, shape: number[], values: number[]) => ({ [name]: tensor(shape, values) });
  const twelve = Array.from({ length: 12 }, (_, i) => i);
  const cases: [string, Partial<NormDecayRequest>, RegExp][] = [
    ["norm unset", { norm: NormType.NORM_TYPE_UNSPECIFIED }, /^norm: required/],
    ["beta is NaN", { beta: Number.NaN }, /^beta: must be finite/],
    ["momentum is 1.5", { momentum: 1.5 }, /^momentum: must be in \[0, 1\]/],
    [
      "a gradient names no weight",
      { gradients: gradient("nope", [3, 4], twelve) },
      /^gradients: no layer has a weight named 'nope' \(known: fc\.weight\)/,
    ],
    [
      "a gradient has the wrong shape",
      { gradients: gradient("fc.weight", [4, 3], twelve) },
      /^gradients\['fc\.weight'\]: shape \[4, 3\] differs from the weight's \[3, 4\]/,
    ],
    [
      "a gradient holds NaN",
      { gradients: gradient("fc.weight", [3, 4], [Number.NaN, ...twelve.slice(1)]) },
      /^gradients\['fc\.weight'\]: element 0 is NaN/,
    ],
    [
      "weights are sent with raw layers",
      { weights: gradient("fc.weight", [3, 4], twelve) },
      /^weights: only for onnx_model and model_id/,
    ],
    ["no model", { model: undefined }, /^model: one of onnx_model, model_id or layers is required/],
  ];
  for (const [name, fields, message] of cases)
    it(`throws when ${name}`, async () => {
      await expectStatus(ctx.client.normDecay(request([fc], fields)), status.INVALID_ARGUMENT, message);
    });

  it("throws when two raw layers share a name", async () => {
    await expectStatus(
      ctx.client.normDecay(request([fc, fc], {})),
      status.INVALID_ARGUMENT,
      /^layers\[1\]\.name: 'fc' repeats layers\[0\]/,
    );
  });

  it("NORM_TYPE_L2 is FAILED_PRECONDITION", async () => {
    await expectStatus(
      ctx.client.normDecay(request([fc], { norm: NormType.NORM_TYPE_L2 })),
      status.FAILED_PRECONDITION,
      /^norm: NORM_TYPE_L2 is not supported here/,
    );
  });
});
