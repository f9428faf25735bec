import { describe, expect, it } from "vitest";
import { OnnxModelError } from "./onnx-model-error.js";
import { parseOnnxModel } from "./parse-onnx-model.js";
import { buildModel, buildModelProto, encodeModel, type ModelSpec, node } from "./testing/onnx-builder.js";
import { seededRandom } from "./testing/seeded-random.js";
import { floatTensor, randomFloatTensor } from "./testing/tensors.js";

/** x=[batch,2,6,6] → Relu → Conv(w [3,2,3,3]) → y, with overrides. */
function convSpec(overrides: Partial<ModelSpec> = {}): ModelSpec {
  return {
    inputs: [{ name: "x", shape: ["batch", 2, 6, 6] }],
    initializers: [randomFloatTensor("w", [3, 2, 3, 3], 1)],
    nodes: [node("Relu", ["x"], ["r"], {}, "relu"), node("Conv", ["r", "w"], ["y"], {}, "conv")],
    ...overrides,
  };
}

function expectError(bytes: Uint8Array, code: OnnxModelError["code"], message: RegExp, options = {}) {
  let error: unknown;
  try {
    parseOnnxModel(bytes, options);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(OnnxModelError);
  expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
}

describe("parseOnnxModel rejects", () => {
  const good = buildModel(convSpec());

  it("throws when the bytes are truncated", () => {
    expectError(
      good.subarray(0, Math.floor(good.length / 2)),
      "INVALID_ARGUMENT",
      /not a valid ONNX ModelProto/,
    );
  });

  it("throws when the bytes are random", () => {
    const next = seededRandom(42);
    const junk = Uint8Array.from({ length: 512 }, () => Math.floor(next() * 256));
    expectError(junk, "INVALID_ARGUMENT", /onnx_model: /);
  });

  it("throws when the bytes are empty", () => {
    expectError(new Uint8Array(0), "INVALID_ARGUMENT", /onnx_model: empty/);
  });

  it("throws when the graph has no nodes", () => {
    expectError(buildModel(convSpec({ nodes: [] })), "INVALID_ARGUMENT", /the graph has no nodes/);
  });

  it("throws when the model imports no default-domain opset", () => {
    const proto = buildModelProto(convSpec());
    proto.opsetImport = [{ domain: "com.example", version: 1 }];
    expectError(encodeModel(proto), "INVALID_ARGUMENT", /no opset_import/);
  });

  it("throws when weights live in external data files", () => {
    const w = {
      name: "w",
      dims: [3, 2, 3, 3],
      dataType: 1,
      dataLocation: 1,
      externalData: [{ key: "location", value: "w.bin" }],
    };
    expectError(
      buildModel(convSpec({ initializers: [w] })),
      "INVALID_ARGUMENT",
      /initializer 'w'.*external data/,
    );
  });

  it("throws when raw_data length does not match dims × dtype", () => {
    const w = { ...randomFloatTensor("w", [3, 2, 3, 3], 1), dims: [3, 2, 3, 4] };
    expectError(
      buildModel(convSpec({ initializers: [w] })),
      "INVALID_ARGUMENT",
      /initializer 'w': raw_data has 216 bytes, expected 288/,
    );
  });

  it("throws when a dim is negative", () => {
    const w = { ...randomFloatTensor("w", [3, 2, 3, 3], 1), dims: [3, -2, 3, 3] };
    expectError(
      buildModel(convSpec({ initializers: [w] })),
      "INVALID_ARGUMENT",
      /initializer 'w': dims\[1\] = -2/,
    );
  });

  it("throws when a weight holds NaN, naming the initializer and the node", () => {
    const values = Array.from({ length: 54 }, (_, i) => (i === 17 ? Number.NaN : 0.5));
    const bytes = buildModel(convSpec({ initializers: [floatTensor("w", [3, 2, 3, 3], values)] }));
    expectError(
      bytes,
      "INVALID_ARGUMENT",
      /Conv node 'conv': initializer 'w' holds a non-finite value \(NaN\) at flat index 17/,
    );
  });

  it("throws when a weight holds Infinity", () => {
    const values = Array.from({ length: 54 }, (_, i) => (i === 3 ? Number.NEGATIVE_INFINITY : 0.5));
    const bytes = buildModel(convSpec({ initializers: [floatTensor("w", [3, 2, 3, 3], values)] }));
    expectError(bytes, "INVALID_ARGUMENT", /non-finite value \(-Infinity\)/);
  });

  it("throws FAILED_PRECONDITION when an unsupported op feeds a conv, naming the node and op", () => {
    const bytes = buildModel(
      convSpec({
        nodes: [node("FancyOp", ["x"], ["r"], {}, "fancy"), node("Conv", ["r", "w"], ["y"], {}, "conv")],
      }),
    );
    expectError(
      bytes,
      "FAILED_PRECONDITION",
      /Conv node 'conv' needs the shapes.*FancyOp node 'fancy'.*no shape rule at opset 13/,
    );
  });

  it("throws FAILED_PRECONDITION when the conv weight is not constant", () => {
    const bytes = buildModel(
      convSpec({
        inputs: [
          { name: "x", shape: ["batch", 2, 6, 6] },
          { name: "w", shape: [3, 2, 3, 3] },
        ],
        initializers: [],
      }),
    );
    expectError(bytes, "FAILED_PRECONDITION", /Conv node 'conv': its weight input 'w' is not a constant/);
  });

  it("throws FAILED_PRECONDITION when the conv weight dtype is INT8", () => {
    const w = { name: "w", dims: [3, 2, 3, 3], dataType: 3, rawData: new Uint8Array(54) };
    expectError(
      buildModel(convSpec({ initializers: [w] })),
      "FAILED_PRECONDITION",
      /Conv node 'conv': initializer 'w'.*INT8/,
    );
  });

  it("throws FAILED_PRECONDITION when a symbolic spatial dim reaches a conv", () => {
    const bytes = buildModel(convSpec({ inputs: [{ name: "x", shape: ["batch", 2, "h", 6] }] }));
    expectError(bytes, "FAILED_PRECONDITION", /graph input 'x' has symbolic dim 'h' on axis 2/);
  });

  it("throws when a node input is missing", () => {
    const bytes = buildModel(convSpec({ nodes: [node("Conv", ["x", "nowhere"], ["y"], {}, "conv")] }));
    expectError(
      bytes,
      "INVALID_ARGUMENT",
      /Conv node 'conv': input 'nowhere' is not a graph input, initializer or node output/,
    );
  });

  it("throws when the graph has a cycle", () => {
    const nodes = [node("Add", ["x", "b"], ["a"], {}, "add1"), node("Relu", ["a"], ["b"], {}, "relu")];
    expectError(buildModel(convSpec({ nodes })), "INVALID_ARGUMENT", /cycle: nodes 'add1', 'relu'/);
  });

  it("throws when two nodes produce the same tensor", () => {
    const nodes = [node("Relu", ["x"], ["a"], {}, "r1"), node("Relu", ["x"], ["a"], {}, "r2")];
    expectError(
      buildModel(convSpec({ nodes })),
      "INVALID_ARGUMENT",
      /Relu node 'r2': output 'a' is also produced by node 'r1'/,
    );
  });

  it("throws when input_shape has the wrong rank", () => {
    expectError(
      good,
      "INVALID_ARGUMENT",
      /input_shape \[1, 2, 6\] has rank 3 but graph input 'x' has rank 4/,
      { inputShape: [1, 2, 6] },
    );
  });

  it("throws when input_shape has a non-positive entry", () => {
    expectError(good, "INVALID_ARGUMENT", /input_shape \[1, 0, 6, 6\] must be positive/, {
      inputShape: [1, 0, 6, 6],
    });
  });

  it("throws when an attribute has the wrong type", () => {
    const nodes = [node("Conv", ["x", "w"], ["y"], { group: "two" }, "conv")];
    expectError(
      buildModel(convSpec({ nodes })),
      "INVALID_ARGUMENT",
      /Conv node 'conv': attribute 'group' has type 3, expected 2/,
    );
  });
});
