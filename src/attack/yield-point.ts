/**
 * A function the attack loops await between iterations: it throws the signal's reason once
 * aborted, and every `everyMs` milliseconds yields to the event loop so that a CancelJob (or any
 * other I/O) gets through while a long attack runs.
 */
export function createYieldPoint(signal: AbortSignal, everyMs = 25): () => Promise<void> {
  let last = performance.now();
  return async () => {
    signal.throwIfAborted();
    if (performance.now() - last < everyMs) return;
    await new Promise((resolve) => setImmediate(resolve));
    last = performance.now();
    signal.throwIfAborted();
  };
}
