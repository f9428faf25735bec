import { fftPlan } from "./fft.js";

/** Options of {@link fft2}. */
export interface Fft2Options {
  /** Inverse transform (includes the 1/(rows·cols) factor). */
  readonly inverse?: boolean;
  /** Number of consecutive rows×cols planes to transform (default 1). */
  readonly batch?: number;
}

/**
 * 2-d DFT of any size (not only powers of two; see {@link fftPlan}), in place on split float64
 * arrays holding `batch` row-major `rows×cols` planes:
 * `X[u, v] = Σ_{y, x} x[y, x]·e^{−2πi (uy/rows + vx/cols)}`.
 *
 * Where the conv-spectrum code uses it: only as the plain baseline and for general signals. The
 * Fourier blocks of a k×k kernel zero-padded to n×n are formed directly as a sum over the k²
 * taps per wanted frequency (O(k²) per channel pair and frequency), because (a) the spectrum
 * code needs only half of the frequencies (conjugate symmetry), often only some of them, and
 * in bounded chunks: a full FFT of every channel pair materialises C_out·C_in·n² complex
 * numbers at once (2 GB for 3×3 256→512 on 32×32), (b) for k ≤ 5 and n ≤ 32 the tap sum is no
 * more work than n²·log₂(n²) per plane, and (c) the restricted inverse (k×k support kept by
 * SVC) is likewise O(k²) per clipped frequency instead of a full inverse FFT.
 */
export function fft2(
  re: Float64Array,
  im: Float64Array,
  rows: number,
  cols: number,
  options: Fft2Options = {},
): void {
  const batch = options.batch ?? 1;
  const inverse = options.inverse ?? false;
  const plane = rows * cols;
  if (re.length < batch * plane || im.length < batch * plane)
    throw new RangeError(`fft2: arrays hold ${Math.min(re.length, im.length)} values, need ${batch * plane}`);
  const rowPlan = fftPlan(cols);
  const colPlan = fftPlan(rows);
  for (let b = 0; b < batch; b++) {
    const base = b * plane;
    if (cols > 1) for (let r = 0; r < rows; r++) rowPlan.transform(re, im, base + r * cols, 1, inverse);
    if (rows > 1) for (let c = 0; c < cols; c++) colPlan.transform(re, im, base + c, cols, inverse);
  }
}

/** Forward 2-d DFT of real planes; returns new split arrays (see {@link fft2}). */
export function fft2Real(
  data: ArrayLike<number>,
  rows: number,
  cols: number,
  batch = 1,
): { re: Float64Array; im: Float64Array } {
  const re = Float64Array.from({ length: batch * rows * cols }, (_, i) => data[i]);
  const im = new Float64Array(re.length);
  fft2(re, im, rows, cols, { batch });
  return { re, im };
}
