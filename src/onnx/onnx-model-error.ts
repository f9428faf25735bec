import { NormserveError } from "../errors/normserve-error.js";

/** Status class of an {@link OnnxModelError}: malformed input, or valid but unsupported. */
export type OnnxModelErrorCode = "INVALID_ARGUMENT" | "FAILED_PRECONDITION";

/**
 * Raised for any model the parser rejects. `INVALID_ARGUMENT`: the bytes or the graph are
 * malformed (truncated protobuf, wrong raw_data length, NaN weights, cycles, shape mismatches);
 * `FAILED_PRECONDITION`: a valid model uses something we do not support (an op without a shape
 * rule in front of a conv, a non-constant conv weight, an exotic weight dtype). The message names
 * the node, initializer or field at fault and never carries a stack.
 */
export class OnnxModelError extends NormserveError {
  override name = "OnnxModelError";

  constructor(
    override readonly code: OnnxModelErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** Shorthand for an INVALID_ARGUMENT {@link OnnxModelError}. */
export function malformedModel(message: string, cause?: unknown): OnnxModelError {
  return new OnnxModelError("INVALID_ARGUMENT", message, cause === undefined ? undefined : { cause });
}

/** Shorthand for a FAILED_PRECONDITION {@link OnnxModelError}. */
export function unsupportedModel(message: string, cause?: unknown): OnnxModelError {
  return new OnnxModelError("FAILED_PRECONDITION", message, cause === undefined ? undefined : { cause });
}
