/**
 * Values of the row-major array `values` (shape `dims`) at the cartesian product of per-axis
 * index lists, in row-major order of the result. For folding small constants (Slice, Gather).
 * @internal
 */
export function gatherCartesian(
  values: readonly number[],
  dims: readonly number[],
  perAxis: readonly (readonly number[])[],
): number[] {
  const strides = new Array<number>(dims.length);
  let stride = 1;
  for (let a = dims.length - 1; a >= 0; a--) {
    strides[a] = stride;
    stride *= dims[a];
  }
  let offsets = [0];
  perAxis.forEach((indices, a) => {
    const next: number[] = [];
    for (const base of offsets) for (const i of indices) next.push(base + i * strides[a]);
    offsets = next;
  });
  return offsets.map((o) => values[o]);
}
