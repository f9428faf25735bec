import { describe, expect, it } from "vitest";
import { parseNormserveArgs } from "./normserve-args.js";

describe("parseNormserveArgs: session flags", () => {
  it("defaults: 600 s idle TTL, 64 sessions, 1 GiB of state", () => {
    const args = parseNormserveArgs([], {});
    expect(args.sessionIdleTtlMs).toBe(600_000);
    expect(args.maxSessions).toBe(64);
    expect(args.maxSessionStateBytes).toBe(2 ** 30);
  });

  it("--session-ttl-s 0.5 --max-sessions=3 --max-session-state-mb 2", () => {
    const args = parseNormserveArgs(
      ["--session-ttl-s", "0.5", "--max-sessions=3", "--max-session-state-mb", "2"],
      {},
    );
    expect(args).toMatchObject({ sessionIdleTtlMs: 500, maxSessions: 3, maxSessionStateBytes: 2 * 2 ** 20 });
  });

  it("reads NORMSERVE_SESSION_TTL_S and NORMSERVE_MAX_SESSIONS; flags win", () => {
    const env = { NORMSERVE_SESSION_TTL_S: "30", NORMSERVE_MAX_SESSIONS: "5" };
    expect(parseNormserveArgs([], env)).toMatchObject({ sessionIdleTtlMs: 30_000, maxSessions: 5 });
    expect(parseNormserveArgs(["--max-sessions", "7"], env).maxSessions).toBe(7);
  });

  it.each([
    ["--session-ttl-s", "0", /--session-ttl-s must be > 0/],
    ["--max-sessions", "1.5", /--max-sessions must be an integer/],
    ["--max-session-state-mb", "-1", /--max-session-state-mb must be ≥ 0/],
  ])("throws when %s is %s", (flag, value, message) => {
    expect(() => parseNormserveArgs([flag, value], {})).toThrow(message);
  });
});

describe("parseNormserveArgs: --backend", () => {
  it("defaults to no forced backend; reads NORMSERVE_BACKEND; the flag wins", () => {
    expect(parseNormserveArgs([], {}).backend).toBeUndefined();
    expect(parseNormserveArgs([], { NORMSERVE_BACKEND: "wasm" }).backend).toBe("wasm");
    expect(parseNormserveArgs(["--backend=cpu"], { NORMSERVE_BACKEND: "wasm" }).backend).toBe("cpu");
  });

  it("throws when --backend names no backend", () => {
    expect(() => parseNormserveArgs(["--backend", "webgl"], {})).toThrow(
      "--backend must be one of tensorflow|wasm|cpu, got webgl",
    );
  });
});

describe("parseNormserveArgs: jobs", () => {
  it("defaults --data-dir to ./normserve-data and --max-concurrent-jobs to 1; env and flags override", () => {
    expect(parseNormserveArgs([], {}).dataDir).toBe("./normserve-data");
    expect(parseNormserveArgs([], {}).maxConcurrentJobs).toBe(1);
    expect(parseNormserveArgs([], { NORMSERVE_DATA_DIR: "/d" }).dataDir).toBe("/d");
    expect(parseNormserveArgs(["--data-dir", "/e"], { NORMSERVE_DATA_DIR: "/d" }).dataDir).toBe("/e");
    expect(parseNormserveArgs(["--max-concurrent-jobs=3"], {}).maxConcurrentJobs).toBe(3);
    expect(parseNormserveArgs([], { NORMSERVE_MAX_CONCURRENT_JOBS: "2" }).maxConcurrentJobs).toBe(2);
  });

  it("throws when --max-concurrent-jobs is not an integer ≥ 1", () => {
    expect(() => parseNormserveArgs(["--max-concurrent-jobs", "0"], {})).toThrow(
      /--max-concurrent-jobs must be/,
    );
  });
});
