/**
 * 1-d complex DFT of any length on split (re, im) float64 arrays.
 *
 * Powers of two use an iterative radix-2 transform; every other length uses Bluestein's chirp-z
 * algorithm (a length-n DFT as a circular convolution of power-of-two length ≥ 2n − 1), so every
 * length costs O(n log n). Twiddles and chirps are computed directly from the index (k² reduced
 * mod 2n), never by recurrence, so errors stay at a few ulps times log n.
 *
 * Convention: forward `X[k] = Σ_j x[j]·e^{−2πi jk/n}`; inverse `x[j] = (1/n) Σ_k X[k]·e^{+2πi jk/n}`.
 */
export interface FftPlan {
  /** Transform length. */
  readonly n: number;
  /**
   * Transforms `n` elements in place, read from `re/im[offset + j·stride]`.
   * @param inverse - inverse transform, including the 1/n factor.
   */
  transform(re: Float64Array, im: Float64Array, offset: number, stride: number, inverse: boolean): void;
}

interface Radix2 {
  readonly n: number;
  readonly bitrev: Uint32Array;
  /** cos/sin(2πk/n), k < n/2. */
  readonly cos: Float64Array;
  readonly sin: Float64Array;
}

function makeRadix2(n: number): Radix2 {
  const bits = Math.round(Math.log2(n));
  const bitrev = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >>> b) & 1) << (bits - 1 - b);
    bitrev[i] = r;
  }
  const half = Math.max(1, n >>> 1);
  const cos = new Float64Array(half);
  const sin = new Float64Array(half);
  for (let k = 0; k < half; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = Math.sin((2 * Math.PI * k) / n);
  }
  return { n, bitrev, cos, sin };
}

/** In-place radix-2 DFT of contiguous arrays; `sign` −1 forward, +1 inverse (unscaled). */
function radix2(p: Radix2, re: Float64Array, im: Float64Array, sign: number): void {
  const n = p.n;
  for (let i = 0; i < n; i++) {
    const j = p.bitrev[i];
    if (j > i) {
      const tr = re[i];
      re[i] = re[j];
      re[j] = tr;
      const ti = im[i];
      im[i] = im[j];
      im[j] = ti;
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >>> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = p.cos[k * step];
        const wi = sign * p.sin[k * step];
        const a = start + k;
        const b = a + half;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
}

class Radix2Plan implements FftPlan {
  private readonly p: Radix2;
  private readonly bufRe: Float64Array;
  private readonly bufIm: Float64Array;
  constructor(readonly n: number) {
    this.p = makeRadix2(n);
    this.bufRe = new Float64Array(n);
    this.bufIm = new Float64Array(n);
  }
  transform(re: Float64Array, im: Float64Array, offset: number, stride: number, inverse: boolean): void {
    const n = this.n;
    const br = this.bufRe;
    const bi = this.bufIm;
    for (let j = 0; j < n; j++) {
      br[j] = re[offset + j * stride];
      bi[j] = im[offset + j * stride];
    }
    radix2(this.p, br, bi, inverse ? 1 : -1);
    const scale = inverse ? 1 / n : 1;
    for (let j = 0; j < n; j++) {
      re[offset + j * stride] = br[j] * scale;
      im[offset + j * stride] = bi[j] * scale;
    }
  }
}

class BluesteinPlan implements FftPlan {
  private readonly m: number;
  private readonly p: Radix2;
  /** Chirp w[k] = e^{−πi k²/n}. */
  private readonly wRe: Float64Array;
  private readonly wIm: Float64Array;
  /** Forward-transformed conj-chirp filter, length m. */
  private readonly fRe: Float64Array;
  private readonly fIm: Float64Array;
  private readonly aRe: Float64Array;
  private readonly aIm: Float64Array;
  constructor(readonly n: number) {
    let m = 1;
    while (m < 2 * n - 1) m <<= 1;
    this.m = m;
    this.p = makeRadix2(m);
    this.wRe = new Float64Array(n);
    this.wIm = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const k2 = (k * k) % (2 * n);
      this.wRe[k] = Math.cos((Math.PI * k2) / n);
      this.wIm[k] = -Math.sin((Math.PI * k2) / n);
    }
    this.fRe = new Float64Array(m);
    this.fIm = new Float64Array(m);
    this.fRe[0] = this.wRe[0];
    this.fIm[0] = -this.wIm[0];
    for (let k = 1; k < n; k++) {
      this.fRe[k] = this.fRe[m - k] = this.wRe[k];
      this.fIm[k] = this.fIm[m - k] = -this.wIm[k];
    }
    radix2(this.p, this.fRe, this.fIm, -1);
    this.aRe = new Float64Array(m);
    this.aIm = new Float64Array(m);
  }
  transform(re: Float64Array, im: Float64Array, offset: number, stride: number, inverse: boolean): void {
    const { n, m, wRe, wIm, aRe, aIm, fRe, fIm } = this;
    // The inverse is conj(DFT(conj(x)))/n.
    const s = inverse ? -1 : 1;
    aRe.fill(0);
    aIm.fill(0);
    for (let k = 0; k < n; k++) {
      const xr = re[offset + k * stride];
      const xi = s * im[offset + k * stride];
      aRe[k] = xr * wRe[k] - xi * wIm[k];
      aIm[k] = xr * wIm[k] + xi * wRe[k];
    }
    radix2(this.p, aRe, aIm, -1);
    for (let k = 0; k < m; k++) {
      const xr = aRe[k] * fRe[k] - aIm[k] * fIm[k];
      aIm[k] = aRe[k] * fIm[k] + aIm[k] * fRe[k];
      aRe[k] = xr;
    }
    radix2(this.p, aRe, aIm, 1);
    const scale = inverse ? 1 / (n * m) : 1 / m;
    for (let k = 0; k < n; k++) {
      const yr = aRe[k] * wRe[k] - aIm[k] * wIm[k];
      const yi = aRe[k] * wIm[k] + aIm[k] * wRe[k];
      re[offset + k * stride] = yr * scale;
      im[offset + k * stride] = s * yi * scale;
    }
  }
}

class TrivialPlan implements FftPlan {
  readonly n = 1;
  transform(): void {}
}

const cache = new Map<number, FftPlan>();

/**
 * The (cached, reusable, not re-entrant across threads — each worker has its own module) plan
 * for length `n` ≥ 1.
 */
export function fftPlan(n: number): FftPlan {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`fftPlan: length must be ≥ 1, got ${n}`);
  let plan = cache.get(n);
  if (!plan) {
    plan = n === 1 ? new TrivialPlan() : (n & (n - 1)) === 0 ? new Radix2Plan(n) : new BluesteinPlan(n);
    cache.set(n, plan);
  }
  return plan;
}
