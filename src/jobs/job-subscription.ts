import type { JobEvent } from "../gen/normserve/v1/jobs.js";
import type { JobRecord } from "./job-record.js";

/** What a watcher receives: an event, the job's end (its final record), or why it was dropped. */
export type JobSubscriptionItem =
  | { readonly kind: "event"; readonly event: JobEvent }
  | { readonly kind: "end"; readonly record: JobRecord }
  | { readonly kind: "overflow" }
  | { readonly kind: "aborted" };

/** Events a watcher may fall behind by before it is dropped (it can re-attach with after_sequence). */
export const DEFAULT_WATCHER_BUFFER = 1024;

/**
 * One watcher's bounded buffer between the job (which never waits) and a consumer (which may be
 * slow). When the buffer is full the watcher is dropped: {@link push} returns false and the
 * consumer gets an `overflow` item once it has read what came before.
 */
export class JobSubscription {
  private readonly items: JobSubscriptionItem[] = [];
  private wake: (() => void) | undefined;
  private closed = false;

  constructor(private readonly capacity = DEFAULT_WATCHER_BUFFER) {}

  /** Queues an item; false when the buffer overflowed (the subscription is then closed). */
  push(item: JobSubscriptionItem): boolean {
    if (this.closed) return false;
    if (item.kind === "event" && this.items.length >= this.capacity) {
      this.close({ kind: "overflow" });
      return false;
    }
    this.items.push(item);
    if (item.kind !== "event") this.closed = true;
    this.wake?.();
    return true;
  }

  /** Ends the subscription with a final item (e.g. `aborted` when the consumer went away). */
  close(item: JobSubscriptionItem): void {
    if (this.closed) return;
    // An overflow or abort replaces whatever is still buffered: the consumer is behind anyway.
    if (item.kind === "overflow" || item.kind === "aborted") this.items.length = 0;
    this.items.push(item);
    this.closed = true;
    this.wake?.();
  }

  /** The next item, waiting for one when the buffer is empty. */
  async next(): Promise<JobSubscriptionItem> {
    while (this.items.length === 0) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
    const item = this.items.shift();
    if (item === undefined) throw new Error("JobSubscription: empty after wake-up");
    return item;
  }
}
