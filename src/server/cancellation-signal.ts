import { NormserveError } from "../errors/normserve-error.js";

/** The part of a grpc-js server call that cancellation needs. */
interface CancellableCall {
  readonly cancelled: boolean;
  on(event: "cancelled", listener: () => void): unknown;
  off(event: "cancelled", listener: () => void): unknown;
}

/**
 * An AbortSignal that aborts when the client cancels the call (or its deadline passes, which
 * grpc-js reports the same way), with a CANCELLED {@link NormserveError} as its reason. Call
 * `dispose` when the work is done.
 */
export function cancellationSignal(call: CancellableCall): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onCancel = () => controller.abort(new NormserveError("CANCELLED", "call cancelled by the client"));
  if (call.cancelled) onCancel();
  else call.on("cancelled", onCancel);
  return { signal: controller.signal, dispose: () => call.off("cancelled", onCancel) };
}
