import { randomUUID } from "node:crypto";
import { invalidArgument, NormserveError } from "../errors/normserve-error.js";
import { SparseDecayState } from "../math/sparse-decay-state.js";

/** Default idle time after which a session expires: 10 minutes. */
export const DEFAULT_SESSION_IDLE_TTL_MS = 10 * 60 * 1000;
/** Default cap on live sessions. */
export const DEFAULT_MAX_SESSIONS = 64;
/** Default cap on the decay state of all sessions together: 1 GiB. */
export const DEFAULT_MAX_SESSION_STATE_BYTES = 2 ** 30;

const REMEMBERED_EXPIRED_IDS = 1024;

/** Limits of a {@link DecaySessionStore}. */
export interface DecaySessionOptions {
  /** A session unused this long expires (default {@link DEFAULT_SESSION_IDLE_TTL_MS}). */
  readonly idleTtlMs?: number;
  /** Live sessions at most (default {@link DEFAULT_MAX_SESSIONS}). */
  readonly maxSessions?: number;
  /** Decay state of all sessions together, in bytes (default {@link DEFAULT_MAX_SESSION_STATE_BYTES}). */
  readonly maxStateBytes?: number;
  /** Clock in milliseconds (tests inject one). */
  readonly now?: () => number;
}

/** One session: the momentum state `G` of each layer, keyed by node name and weight name. */
export interface DecaySession {
  readonly id: string;
  /**
   * The layer's state, created empty on first use. INVALID_ARGUMENT when the session already
   * holds state of another size for this layer (the model changed under the session).
   */
  stateFor(nodeName: string, weightName: string, length: number): SparseDecayState;
}

interface Entry {
  readonly session: DecaySession;
  readonly states: Map<string, SparseDecayState>;
  lastUsed: number;
}

/**
 * Norm-decay sessions: each holds per-layer `G` between NormDecay calls, expires after an idle
 * TTL, and the store caps the number of sessions and the bytes of all their states
 * (RESOURCE_EXHAUSTED past either). An unknown, closed or expired id is NOT_FOUND with a message
 * that says which. Expiry is checked on every access and swept by an unref'd timer, so the store
 * never keeps the process alive; {@link DecaySessionStore.close} drops everything.
 */
export class DecaySessionStore {
  /** Idle TTL in milliseconds. */
  readonly idleTtlMs: number;
  private readonly maxSessions: number;
  private readonly maxStateBytes: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry>();
  private readonly expired = new Set<string>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: DecaySessionOptions = {}) {
    this.idleTtlMs = options.idleTtlMs ?? DEFAULT_SESSION_IDLE_TTL_MS;
    this.maxSessions = options.maxSessions ?? DEFAULT_MAX_SESSIONS;
    this.maxStateBytes = options.maxStateBytes ?? DEFAULT_MAX_SESSION_STATE_BYTES;
    this.now = options.now ?? Date.now;
    if (!(this.idleTtlMs > 0))
      throw new RangeError(`DecaySessionStore: idleTtlMs must be > 0, got ${this.idleTtlMs}`);
    if (!(Number.isSafeInteger(this.maxSessions) && this.maxSessions >= 0))
      throw new RangeError(`DecaySessionStore: maxSessions must be an integer ≥ 0, got ${this.maxSessions}`);
    if (!(this.maxStateBytes >= 0))
      throw new RangeError(`DecaySessionStore: maxStateBytes must be ≥ 0, got ${this.maxStateBytes}`);
    this.sweeper = setInterval(() => this.sweep(), Math.min(Math.max(this.idleTtlMs / 2, 10), 60_000));
    this.sweeper.unref();
  }

  /** Live sessions. */
  get size(): number {
    this.sweep();
    return this.entries.size;
  }

  /** Bytes of decay state held by all live sessions. */
  get stateBytes(): number {
    let total = 0;
    for (const entry of this.entries.values())
      for (const state of entry.states.values()) total += state.byteLength;
    return total;
  }

  /** A new empty session. RESOURCE_EXHAUSTED when `maxSessions` are live. */
  open(): DecaySession {
    this.sweep();
    if (this.entries.size >= this.maxSessions)
      throw new NormserveError(
        "RESOURCE_EXHAUSTED",
        `session: ${this.entries.size} sessions are open, the server's limit is ${this.maxSessions}; close unused ones (CloseSession) or wait for idle ones to expire`,
      );
    const id = randomUUID();
    const states = new Map<string, SparseDecayState>();
    const session: DecaySession = {
      id,
      stateFor: (nodeName, weightName, length) => {
        const key = `${nodeName}\u0000${weightName}`;
        const state = states.get(key) ?? new SparseDecayState(length);
        if (!states.has(key)) states.set(key, state);
        else if (state.length !== length)
          throw invalidArgument(
            `session_id '${id}': layer ${nodeName} (${weightName}) has ${length} weights, but the session's decay state for it has ${state.length}; open a new session when the model changes`,
          );
        return state;
      },
    };
    this.entries.set(id, { session, states, lastUsed: this.now() });
    return session;
  }

  /** The live session `id` (its idle clock restarts). NOT_FOUND when unknown, closed or expired. */
  get(id: string): DecaySession {
    const entry = this.entries.get(id);
    if (entry !== undefined && !this.isExpired(entry)) {
      entry.lastUsed = this.now();
      return entry.session;
    }
    if (entry !== undefined) this.expire(id);
    const why = this.expired.has(id)
      ? `expired after ${this.idleTtlMs / 1000} s without a call`
      : "is unknown (closed, never opened, or opened on another server)";
    throw new NormserveError("NOT_FOUND", `session_id '${id}': the session ${why}; open a new one`);
  }

  /**
   * RESOURCE_EXHAUSTED unless `bytes` more state fit under the cap. Callers reserve what a step
   * may add before changing any state, so a refused call leaves every session as it was.
   */
  reserve(bytes: number): void {
    const held = this.stateBytes;
    if (held + bytes > this.maxStateBytes)
      throw new NormserveError(
        "RESOURCE_EXHAUSTED",
        `session: this step needs ${bytes} more bytes of decay state, ${held} are held and the server's limit is ${this.maxStateBytes}; close unused sessions`,
      );
  }

  /** Drops session `id` and its state; false when no live session had that id. */
  delete(id: string): boolean {
    const entry = this.entries.get(id);
    if (entry === undefined) return false;
    const live = !this.isExpired(entry);
    this.entries.delete(id);
    if (!live) this.remember(id);
    return live;
  }

  /** Drops every session and stops the sweep timer (server shutdown). */
  close(): void {
    clearInterval(this.sweeper);
    this.entries.clear();
    this.expired.clear();
  }

  private isExpired(entry: Entry): boolean {
    return this.now() - entry.lastUsed > this.idleTtlMs;
  }

  private expire(id: string): void {
    this.entries.delete(id);
    this.remember(id);
  }

  private remember(id: string): void {
    this.expired.add(id);
    if (this.expired.size > REMEMBERED_EXPIRED_IDS) {
      const oldest = this.expired.values().next().value;
      if (oldest !== undefined) this.expired.delete(oldest);
    }
  }

  private sweep(): void {
    for (const [id, entry] of this.entries) if (this.isExpired(entry)) this.expire(id);
  }
}
