import type { AbsSumNormRequest, AbsSumNorms, NormResult, WeightArray } from "./norm-result.js";

/**
 * Exact L1/L∞ norms of `y = scale · M x` (M is rows×cols): L1 = |scale|·max column abs sum,
 * L∞ = |scale|·max row abs sum, accumulated in float64. `weight` holds M row-major
 * (`transposed = false`) or Mᵀ row-major (`transposed = true`, as Gemm transB=0 / MatMul store it).
 * Maximiser channel: the input feature (L1) or output feature (L∞), lowest index on ties;
 * position is empty. Throws RangeError on inconsistent sizes or a non-finite scale.
 */
export function linearOperatorNorms(
  weight: WeightArray,
  rows: number,
  cols: number,
  transposed: boolean,
  scale: number,
  request: AbsSumNormRequest,
): AbsSumNorms {
  const fn = "linearOperatorNorms";
  if (!Number.isSafeInteger(rows) || rows < 1 || !Number.isSafeInteger(cols) || cols < 1)
    throw new RangeError(`${fn}: rows and cols must be positive integers, got ${rows}×${cols}`);
  if (weight.length !== rows * cols)
    throw new RangeError(
      `${fn}: weight has ${weight.length} elements, expected ${rows}×${cols} = ${rows * cols}`,
    );
  if (!Number.isFinite(scale)) throw new RangeError(`${fn}: scale must be finite, got ${scale}`);
  // The stored array is M (rows×cols) or Mᵀ (cols×rows); its own rows are M's rows or columns.
  const storedRows = transposed ? cols : rows;
  const storedCols = transposed ? rows : cols;
  const result: { l1?: NormResult; linf?: NormResult } = {};
  if (request.l1) {
    const sums = transposed
      ? rowAbsSums(weight, storedRows, storedCols)
      : columnAbsSums(weight, storedRows, storedCols);
    result.l1 = largest(sums, Math.abs(scale));
  }
  if (request.linf) {
    const sums = transposed
      ? columnAbsSums(weight, storedRows, storedCols)
      : rowAbsSums(weight, storedRows, storedCols);
    result.linf = largest(sums, Math.abs(scale));
  }
  return result;
}

function rowAbsSums(a: WeightArray, rows: number, cols: number): Float64Array {
  const sums = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const base = i * cols;
    for (let j = 0; j < cols; j++) s += Math.abs(a[base + j]);
    sums[i] = s;
  }
  return sums;
}

function columnAbsSums(a: WeightArray, rows: number, cols: number): Float64Array {
  // Row by row so the weight is read sequentially.
  const sums = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) sums[j] += Math.abs(a[base + j]);
  }
  return sums;
}

/** First index of the max (ties → lowest index), scaled after the search so ties are untouched. */
function largest(sums: Float64Array, factor: number): NormResult {
  let best = 0;
  for (let i = 1; i < sums.length; i++) if (sums[i] > sums[best]) best = i;
  return { value: factor * sums[best], channel: best, position: [] };
}
