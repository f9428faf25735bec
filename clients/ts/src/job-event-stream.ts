import type { ClientReadableStream } from "@grpc/grpc-js";
import type { JobEvent } from "./gen/normserve/v1/jobs.js";
import { toClientError } from "./normserve-client-error.js";

/**
 * A server-streaming call of JobEvents as an async iterable. Errors (CANCELLED for a cancelled
 * job, ABORTED for a failed or interrupted one, …) are thrown as {@link NormserveClientError}s;
 * breaking out of the loop or aborting `signal` cancels the call (the job keeps running).
 */
export async function* jobEventStream(
  path: string,
  call: ClientReadableStream<JobEvent>,
  signal?: AbortSignal,
): AsyncGenerator<JobEvent> {
  const onAbort = () => call.cancel();
  if (signal?.aborted) call.cancel();
  else signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for await (const event of call) yield event as JobEvent;
  } catch (error) {
    throw toClientError(path, error);
  } finally {
    signal?.removeEventListener("abort", onAbort);
    call.cancel();
  }
}
