/** Indexable numeric storage (typed arrays and number[]). @internal */
export interface NumberStore {
  readonly length: number;
  [index: number]: number;
}

/**
 * Writes the row-major array `src` of shape `dims`, with its axes permuted (`out` axis i is
 * `src` axis perm[i]), into `dst`; returns `dst`.
 * @internal
 */
export function permuteInto<T extends NumberStore>(
  src: ArrayLike<number>,
  dims: readonly number[],
  perm: readonly number[],
  dst: T,
): T {
  const rank = dims.length;
  const srcStrides = new Array<number>(rank);
  let stride = 1;
  for (let a = rank - 1; a >= 0; a--) {
    srcStrides[a] = stride;
    stride *= dims[a];
  }
  const outDims = perm.map((a) => dims[a]);
  const step = perm.map((a) => srcStrides[a]);
  const index = new Array<number>(rank).fill(0);
  let from = 0;
  for (let to = 0; to < src.length; to++) {
    dst[to] = src[from];
    // Odometer increment over the output's axes, tracking the source offset.
    for (let a = rank - 1; a >= 0; a--) {
      index[a]++;
      from += step[a];
      if (index[a] < outDims[a]) break;
      from -= step[a] * outDims[a];
      index[a] = 0;
    }
  }
  return dst;
}
