import { describe, expect, it } from "vitest";
import { NormType } from "../gen/normserve/v1/compute_norms.js";
import { DEFAULT_SERVER, DEFAULT_TIMEOUT_MS, parseNormctlArgs } from "./normctl-args.js";
import { formatMaximiser, formatNumber, renderTable } from "./normctl-format.js";

describe("parseNormctlArgs", () => {
  it("norms m.onnx takes the defaults", () => {
    expect(parseNormctlArgs(["norms", "m.onnx"], {})).toEqual({
      command: "norms",
      model: "m.onnx",
      server: DEFAULT_SERVER,
      norms: [],
      inputShape: [],
      json: false,
      timeoutMs: DEFAULT_TIMEOUT_MS,
    });
  });

  it("reads every flag, in both --flag value and --flag=value forms", () => {
    const args = parseNormctlArgs(
      ["--json", "norms", "--server=h:1", "m.onnx", "--norms", "linf,L1,linf", "--input-shape=1,3,8,8"],
      {},
    );
    expect(args).toMatchObject({
      model: "m.onnx",
      server: "h:1",
      norms: [NormType.NORM_TYPE_LINF, NormType.NORM_TYPE_L1],
      inputShape: [1, 3, 8, 8],
      json: true,
    });
    expect(parseNormctlArgs(["norms", "m", "--timeout-ms", "250"], {})).toMatchObject({ timeoutMs: 250 });
  });

  it("takes the server from NORMSERVE_ADDRESS unless --server is given", () => {
    expect(parseNormctlArgs(["norms", "m"], { NORMSERVE_ADDRESS: "e:2" })).toMatchObject({ server: "e:2" });
    expect(parseNormctlArgs(["norms", "m", "--server", "f:3"], { NORMSERVE_ADDRESS: "e:2" })).toMatchObject({
      server: "f:3",
    });
  });

  it("treats everything after -- as positional", () => {
    expect(parseNormctlArgs(["norms", "--", "--odd.onnx"], {})).toMatchObject({ model: "--odd.onnx" });
  });

  it("--help and --version win over everything else", () => {
    expect(parseNormctlArgs(["norms", "--help", "--bogus"], {})).toEqual({ command: "help" });
    expect(parseNormctlArgs(["--version"], {})).toEqual({ command: "version" });
  });

  it.each([
    [["norms", "m", "--bogus"], /unknown option --bogus/],
    [["norms", "m", "-x"], /unknown option -x/],
    [["norms", "m", "--json=yes"], /unknown option --json=yes/],
    [["norms", "m", "--server"], /--server needs a value/],
    [["norms", "m", "--server", "--json"], /--server needs a value/],
    [["norms", "m", "--timeout-ms", "0"], /--timeout-ms must be a positive integer/],
    [["norms", "m", "--timeout-ms", "1.5"], /--timeout-ms must be a positive integer/],
    [["norms", "m", "--input-shape", "1,0,3"], /--input-shape must be/],
    [["norms", "m", "--input-shape", ""], /--input-shape must be/],
    [["norms", "m", "--norms", "l1,,linf"], /unknown norm ""/],
    [["norms", "m", "extra"], /unexpected argument extra/],
    [["norms", "m", "--server", "no-port"], /--server must be HOST:PORT, got no-port/],
  ])("throws when %j", (argv, message) => {
    expect(() => parseNormctlArgs(argv, {})).toThrow(message);
  });
});

describe("normctl formatting", () => {
  it("formatNumber keeps six significant digits and marks absent values", () => {
    expect(formatNumber(7.517326676985249)).toBe("7.51733");
    expect(formatNumber(13619.753240044825)).toBe("13619.8");
    expect(formatNumber(undefined)).toBe("-");
  });

  it("formatMaximiser writes the channel and, for spatial layers, the position", () => {
    expect(formatMaximiser({ channel: 1, position: [1, 2] })).toBe("c1@(1,2)");
    expect(formatMaximiser({ channel: 4, position: [] })).toBe("c4");
    expect(formatMaximiser(undefined)).toBe("-");
  });

  it("renderTable aligns columns under an underlined header", () => {
    expect(renderTable(["a", "bb"], [["xyz", "1"]])).toBe("a    bb\n---  --\nxyz  1\n");
  });
});
