import { readFileSync } from "node:fs";
import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { describe, expect, it } from "vitest";
import { ComputeNormsRequest } from "../gen/normserve/v1/compute_norms.js";
import { LayerKind } from "../gen/normserve/v1/layer.js";
import { NormDecayRequest, NormDecayResponse, ProjectNormsResponse } from "../gen/normserve/v1/norm_decay.js";
import { DataType } from "../gen/normserve/v1/tensor.js";
import { ChunkedBinaryWriter } from "./chunked-binary-writer.js";

function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed) & 255;
  return out;
}
const tensor = (n: number, seed: number) => ({
  dtype: DataType.DATA_TYPE_FLOAT32,
  shape: [n / 4, -1, 2 ** 40],
  data: bytes(n, seed),
});

describe("ChunkedBinaryWriter", () => {
  it("overrides every public method of BinaryWriter (the base buffer is never written)", () => {
    const internal = new Set(["constructor", "ensureCapacity", "view", "writeVarint64"]);
    const own = new Set(Object.getOwnPropertyNames(ChunkedBinaryWriter.prototype));
    const missing = Object.getOwnPropertyNames(BinaryWriter.prototype).filter(
      (m) => !internal.has(m) && !own.has(m),
    );
    expect(missing).toEqual([]);
  });

  it.each([
    ["small payloads only", 16],
    ["payloads of 1 KiB (the reference threshold)", 1024],
    ["payloads of 300 KiB (3-byte length prefixes, nested three deep)", 300 * 1024],
  ])("NormDecayRequest with raw layers and gradients is byte-identical to BinaryWriter's: %s", (_, n) => {
    const message = NormDecayRequest.fromPartial({
      model: {
        $case: "layers",
        value: {
          layers: [
            {
              name: "conv",
              kind: LayerKind.LAYER_KIND_CONV,
              weight: tensor(n, 1),
              inputShape: [3, 8, 8],
              conv: { strides: [2, 2], group: 3 },
            },
            {
              name: "bn",
              kind: LayerKind.LAYER_KIND_BATCH_NORM,
              weight: tensor(8, 2),
              batchNorm: { variance: tensor(n, 3), epsilon: 1e-5 },
            },
          ],
        },
      },
      norm: 1,
      beta: -0.5,
      momentum: 0.9,
      sessionId: "é-session",
      linear: true,
      gradients: { "conv.weight": tensor(n, 4), "bn.weight": tensor(8, 5) },
      inputShape: [-1, 3],
    });
    const stock = NormDecayRequest.encode(message).finish();
    const chunked = NormDecayRequest.encode(message, new ChunkedBinaryWriter()).finish();
    expect(Buffer.compare(Buffer.from(stock), chunked)).toBe(0);
    expect(NormDecayRequest.decode(chunked).sessionId).toBe("é-session");
  });

  it("NormDecayResponse, ProjectNormsResponse and ComputeNormsRequest (onnx bytes) are byte-identical", () => {
    const response = NormDecayResponse.fromPartial({
      layers: [0, 1, 2].map((i) => ({
        nodeName: `n${i}`,
        weightName: `w${i}`,
        kind: 1,
        normBefore: 1.5,
        maximiser: { channel: i, position: [i, 2] },
        decay: i === 1 ? undefined : tensor(4096 * (i + 1), i),
        includesGradient: i === 2,
      })),
      sessionId: "s",
      timing: { parseMs: 1, computeMs: 2 },
    });
    expect(
      Buffer.compare(
        Buffer.from(NormDecayResponse.encode(response).finish()),
        NormDecayResponse.encode(response, new ChunkedBinaryWriter()).finish(),
      ),
    ).toBe(0);
    const projection = ProjectNormsResponse.fromPartial({
      layers: [
        { nodeName: "fc", weight: tensor(2048, 9), changed: true, normAfter: 1, iterations: 3, exact: true },
      ],
    });
    expect(
      Buffer.compare(
        Buffer.from(ProjectNormsResponse.encode(projection).finish()),
        ProjectNormsResponse.encode(projection, new ChunkedBinaryWriter()).finish(),
      ),
    ).toBe(0);
    const compute = ComputeNormsRequest.fromPartial({
      model: { $case: "onnxModel", value: bytes(5000, 7) },
      norms: [1, 2],
      inputShape: [1, 3, 32, 32],
    });
    expect(
      Buffer.compare(
        Buffer.from(ComputeNormsRequest.encode(compute).finish()),
        ComputeNormsRequest.encode(compute, new ChunkedBinaryWriter()).finish(),
      ),
    ).toBe(0);
  });

  it("copies a large payload once: the result does not alias the input", () => {
    const data = bytes(4096, 1);
    const out = new ChunkedBinaryWriter().bytes(data).finish();
    data[0] ^= 255;
    expect(out[out.length - 4096]).not.toBe(data[0]);
  });

  it("the TypeScript client ships the same file (it cannot import the server's)", () => {
    const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");
    expect(read("../../clients/ts/src/chunked-binary-writer.ts")).toBe(read("./chunked-binary-writer.ts"));
  });

  it("throws on finish with an open fork, and on join without one", () => {
    expect(() => new ChunkedBinaryWriter().fork().finish()).toThrow(/fork was not joined/);
    expect(() => new ChunkedBinaryWriter().join()).toThrow(/no open fork/);
  });
});
