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

/** Ctrl-C handling of a followed job stream, from {@link detachOnSigint}. */
export interface SigintDetach {
  /** Whether Ctrl-C cancelled the call. */
  readonly detached: boolean;
  /** Removes the handler. */
  dispose(): void;
  /** When detached: prints how to re-attach to `jobId` and sets exit code 130. Returns `detached`. */
  report(jobId: string, server: string): boolean;
}

/** Makes Ctrl-C cancel `call` (detach; the job keeps running on the server) until disposed. */
export function detachOnSigint(call: ClientReadableStream<JobEvent>): SigintDetach {
  let detached = false;
  const onSigint = () => {
    detached = true;
    call.cancel();
  };
  process.once("SIGINT", onSigint);
  return {
    get detached() {
      return detached;
    },
    dispose: () => process.removeListener("SIGINT", onSigint),
    report(jobId, server) {
      if (!detached) return false;
      process.stderr.write(
        `\ndetached from job ${jobId} (it keeps running); re-attach with: normctl watch ${jobId} --server ${server}\n`,
      );
      process.exitCode = 130;
      return true;
    },
  };
}
