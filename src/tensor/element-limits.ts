/**
 * Largest element count we accept for one tensor: 2^31 − 1, so a flat index always fits an
 * int32 and typed arrays can be allocated. Anything bigger is an absurd shape for a layer weight.
 */
export const MAX_TENSOR_ELEMENTS = 2 ** 31 - 1;

/**
 * Validates dimensions and returns their product. Throws a message naming `what` when a
 * dimension is negative, not an integer, or the product exceeds {@link MAX_TENSOR_ELEMENTS}.
 */
export function checkedElementCount(shape: readonly number[], what: string): number {
  let count = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new RangeError(`${what}: dimension ${i} is ${d}; dimensions must be non-negative integers`);
    }
    count *= d;
    if (count > MAX_TENSOR_ELEMENTS) {
      throw new RangeError(
        `${what}: shape [${shape.join(", ")}] has more than ${MAX_TENSOR_ELEMENTS} elements`,
      );
    }
  }
  return count;
}
