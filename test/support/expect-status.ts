import { status } from "@grpc/grpc-js";
import { expect } from "vitest";
import { NormserveClientError } from "../../clients/ts/src/index.js";

/** Asserts that `promise` rejects with a {@link NormserveClientError} of `code` whose details match `message`. */
export async function expectStatus(promise: Promise<unknown>, code: status, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NormserveClientError);
  const clientError = error as NormserveClientError;
  expect(status[clientError.code]).toBe(status[code]);
  expect(clientError.details).toMatch(message);
}
