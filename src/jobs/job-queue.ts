/**
 * Hands worker slots to jobs (DESIGN §6). The embedded default is {@link InProcessJobQueue};
 * a distributed queue (BullMQ, NATS JetStream) is another adapter of this interface.
 */
export interface JobQueue {
  /**
   * Queues a job; `start` runs when a worker slot is free and holds the slot until its promise
   * settles. Returns 0 when the job started at once, else its 1-based position in the queue.
   */
  enqueue(jobId: string, start: () => Promise<void>): number;
  /** Takes a waiting job out of the queue; false when it was not waiting. */
  remove(jobId: string): boolean;
  /** A waiting job's 1-based position (1 = next), 0 when it is not waiting. */
  position(jobId: string): number;
  /** Drops every waiting job (shutdown); running ones are not affected. */
  clear(): void;
}
