import type { Shape } from "./shape-rule.js";

/**
 * For each element of `out` (row-major), the index of the element of `input` it reads under
 * numpy broadcasting (`input` right-aligned against `out`). For folding small constants only.
 * @internal
 */
export function broadcastIndices(input: Shape, out: Shape): number[] {
  const rank = out.length;
  const total = out.reduce((a, b) => a * b, 1);
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let k = 1; k <= input.length; k++) {
    const d = input[input.length - k];
    strides[rank - k] = d === 1 ? 0 : stride;
    stride *= d;
  }
  const indices: number[] = [];
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    let index = 0;
    for (let axis = rank - 1; axis >= 0; axis--) {
      index += (rest % out[axis]) * strides[axis];
      rest = Math.floor(rest / out[axis]);
    }
    indices.push(index);
  }
  return indices;
}
