import type { ClientReadableStream } from "@grpc/grpc-js";
import type { JobEvent } from "../gen/normserve/v1/jobs.js";
import { toCallError } from "./normctl-client.js";

/**
 * A JobEvent stream as an async iterable; failures are thrown as NormctlCallErrors.
 * Leaving the loop cancels the call (the job keeps running on the server).
 */
export async function* jobEvents(call: ClientReadableStream<JobEvent>): AsyncGenerator<JobEvent> {
  try {
    for await (const event of call) yield event as JobEvent;
  } catch (error) {
    throw toCallError(error);
  } finally {
    call.cancel();
  }
}
