import { describe, expect, it } from "vitest";
import { parseNormctlArgs } from "./normctl-args.js";

const base = ["exec", "m.onnx", "--input", "x.npy", "--out", "y.npy"];

describe("parseNormctlArgs exec", () => {
  it("parses every flag (both spellings) with defaults", () => {
    expect(parseNormctlArgs(base, {})).toEqual({
      command: "exec",
      model: "m.onnx",
      input: "x.npy",
      out: "y.npy",
      labels: undefined,
      inputGrad: undefined,
      backend: undefined,
      batchSize: 128,
    });
    expect(
      parseNormctlArgs(
        [...base, "--labels=l.npy", "--input-grad", "g.npy", "--backend", "wasm", "--batch-size=7"],
        {},
      ),
    ).toMatchObject({ labels: "l.npy", inputGrad: "g.npy", backend: "wasm", batchSize: 7 });
  });

  it("exec --help prints the usage", () => {
    expect(parseNormctlArgs(["exec", "--help"], {})).toEqual({ command: "help" });
  });

  it.each([
    [["exec", "--input", "x", "--out", "y"], /exec needs a model file/],
    [["exec", "m", "--out", "y"], /--input X\.npy is required/],
    [["exec", "m", "--input", "x"], /--out Y\.npy is required/],
    [[...base, "--input-grad", "g"], /--input-grad needs --labels/],
    [[...base, "--backend", "gpu"], /--backend must be one of tensorflow\|wasm\|cpu, got gpu/],
    [[...base, "--batch-size", "0"], /--batch-size must be a positive integer, got 0/],
    [[...base, "--json"], /unknown option --json/],
    [[...base, "extra"], /unexpected argument extra/],
    [[...base, "--labels"], /--labels needs a value/],
  ])("throws on %j", (argv, message) => {
    expect(() => parseNormctlArgs(argv, {})).toThrow(message);
  });
});
