import { type ClientReadableStream, credentials, Metadata, type ServiceError, status } from "@grpc/grpc-js";
import type { JobEvent } from "../gen/normserve/v1/jobs.js";
import { NormServiceClient } from "../gen/normserve/v1/norm_service.js";
import { NormctlCallError } from "./normctl-client.js";

const MAX_MESSAGE_BYTES = 512 * 1024 * 1024;

/** A channel to the server for the job commands; `close()` it when done. */
export function openJobStub(address: string): NormServiceClient {
  return new NormServiceClient(address, credentials.createInsecure(), {
    "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
  });
}

function toCallError(error: unknown): NormctlCallError {
  const e = error as Partial<ServiceError>;
  return new NormctlCallError(e.code ?? status.UNKNOWN, e.details ?? e.message ?? String(error));
}

/**
 * A JobEvent stream as an async iterable; failures are thrown as {@link NormctlCallError}s.
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

/** Calls a unary method of the stub as a promise; failures reject with {@link NormctlCallError}. */
export function unary<Req, Res>(
  method: (
    request: Req,
    metadata: Metadata,
    options: { deadline: number },
    callback: (error: ServiceError | null, response: Res) => void,
  ) => unknown,
  request: Req,
  timeoutMs = 60_000,
): Promise<Res> {
  return new Promise<Res>((resolve, reject) => {
    method(request, new Metadata(), { deadline: Date.now() + timeoutMs }, (error, response) => {
      if (error) reject(toCallError(error));
      else resolve(response);
    });
  });
}
