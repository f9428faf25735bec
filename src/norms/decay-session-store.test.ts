import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { NormserveError } from "../errors/normserve-error.js";
import { DECAY_ENTRY_BYTES } from "../math/sparse-decay-state.js";
import { DecaySessionStore } from "./decay-session-store.js";

const stores: DecaySessionStore[] = [];
function makeStore(options: ConstructorParameters<typeof DecaySessionStore>[0] = {}) {
  let time = 1_000;
  const store = new DecaySessionStore({ now: () => time, ...options });
  stores.push(store);
  return { store, advance: (ms: number) => (time += ms) };
}
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    if (error instanceof NormserveError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return "no error";
}

describe("DecaySessionStore", () => {
  it("keeps one state per (node, weight) and returns it again", () => {
    const { store } = makeStore();
    const session = store.open();
    const a = session.stateFor("conv1", "w1", 10);
    expect(store.get(session.id).stateFor("conv1", "w1", 10)).toBe(a);
    expect(session.stateFor("conv2", "w1", 10)).not.toBe(a);
  });

  it("throws INVALID_ARGUMENT when a layer's size changes under the session", () => {
    const { store } = makeStore();
    const session = store.open();
    session.stateFor("fc", "fc.weight", 6);
    expect(codeOf(() => session.stateFor("fc", "fc.weight", 8))).toMatch(
      /^INVALID_ARGUMENT: .*fc \(fc\.weight\) has 8 weights, but the session's decay state for it has 6/,
    );
  });

  it("expires after the idle TTL: NOT_FOUND saying so; a call within the TTL keeps it alive", () => {
    const { store, advance } = makeStore({ idleTtlMs: 100 });
    const { id } = store.open();
    advance(80);
    store.get(id);
    advance(80);
    store.get(id);
    advance(101);
    expect(codeOf(() => store.get(id))).toBe(
      `NOT_FOUND: session_id '${id}': the session expired after 0.1 s without a call; open a new one`,
    );
    expect(store.size).toBe(0);
  });

  it("throws NOT_FOUND for an unknown or closed id; delete is idempotent", () => {
    const { store } = makeStore();
    expect(codeOf(() => store.get("nope"))).toMatch(/^NOT_FOUND: session_id 'nope': the session is unknown/);
    const { id } = store.open();
    expect(store.delete(id)).toBe(true);
    expect(store.delete(id)).toBe(false);
    expect(codeOf(() => store.get(id))).toMatch(/^NOT_FOUND/);
  });

  it("throws RESOURCE_EXHAUSTED past maxSessions; expired sessions free their slot", () => {
    const { store, advance } = makeStore({ maxSessions: 2, idleTtlMs: 50 });
    store.open();
    store.open();
    expect(codeOf(() => store.open())).toMatch(
      /^RESOURCE_EXHAUSTED: session: 2 sessions are open, the server's limit is 2/,
    );
    advance(51);
    expect(() => store.open()).not.toThrow();
  });

  it("reserve: RESOURCE_EXHAUSTED when held + requested state exceeds maxStateBytes", () => {
    const { store } = makeStore({ maxStateBytes: 3 * DECAY_ENTRY_BYTES });
    const state = store.open().stateFor("l", "w", 4);
    state.stepDecay(
      Int32Array.of(0, 1),
      Float64Array.of(1, 1),
      { beta: 1, momentum: 0.5 },
      new Float64Array(4),
    );
    expect(store.stateBytes).toBe(2 * DECAY_ENTRY_BYTES);
    expect(() => store.reserve(DECAY_ENTRY_BYTES)).not.toThrow();
    expect(codeOf(() => store.reserve(2 * DECAY_ENTRY_BYTES))).toMatch(
      /^RESOURCE_EXHAUSTED: session: this step needs 32 more bytes/,
    );
  });

  it("close drops every session", () => {
    const { store } = makeStore();
    const { id } = store.open();
    store.close();
    expect(codeOf(() => store.get(id))).toMatch(/^NOT_FOUND/);
  });

  it("an unclosed store does not keep the process alive (its sweep timer is unref'd)", () => {
    const script = `import { DecaySessionStore } from ${JSON.stringify(new URL("./decay-session-store.ts", import.meta.url).href)};
new DecaySessionStore({ idleTtlMs: 60_000 }).open();`;
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      timeout: 20_000,
      encoding: "utf8",
    });
    expect(out).toBe("");
  }, 30_000);
});
