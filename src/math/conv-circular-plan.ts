import type { ConvGeometry } from "./conv-geometry.js";
import type { WeightArray } from "./norm-result.js";
import { SpectralInputError } from "./spectral-types.js";

/**
 * A 2-d convolution with circular padding, reduced to what the Fourier analysis needs: per
 * group, a stride-1 circular conv on the polyphase grid whose blocks `P(ω)` (C_out/g rows,
 * (C_in/g)·s_h·s_w columns) are `Σ_t e^{−2πi(u·qh_t/gridH + v·qw_t/gridW)}·K_t`, stored in the
 * orientation `A` (m×M, m ≤ M) whose Gram `A·Aᴴ` is the smaller one. Plain data (typed arrays
 * and numbers), so it travels to worker threads by structured clone.
 *
 * Operator: `y[o, i, j] = Σ_{c, a, b} K[o, c, a, b]·x[g·C_in/g + c, (s_h·i + a·d_h) mod n_h,
 * (s_w·j + b·d_w) mod n_w]` on an n_h×n_w input, output (n_h/s_h)×(n_w/s_w). Polyphase: with
 * `a·d_h = s_h·q + p`, `x[c, s_h(i + q) + p]` is entry `i + q` of the phase-p sub-image of channel
 * c — an orthogonal regrouping of the input into C_in·s_h·s_w channels on an (n/s)² grid, so
 * the singular values are unchanged. Pads do not matter: a circular shift of the input is a
 * permutation, which changes neither the singular values nor the clipped kernel.
 */
export interface CircularConvPlan {
  readonly groups: number;
  readonly coutG: number;
  readonly cinG: number;
  /** s_h·s_w; polyphase column block of a tap: `phase·cinG`. */
  readonly phases: number;
  /** Polyphase grid (n_h/s_h, n_w/s_w). */
  readonly fullH: number;
  readonly fullW: number;
  /** Frequency grid actually used: an axis on which every tap has offset 0 collapses to 1. */
  readonly gridH: number;
  readonly gridW: number;
  /** How many full-grid frequencies each effective one stands for. */
  readonly multiplicity: number;
  /** A = Pᴴ (true, when (C_in/g)·s² < C_out/g) or A = P (false). */
  readonly adjoint: boolean;
  /** Rows of A: the size of the Gram matrix A·Aᴴ. */
  readonly m: number;
  /** Columns of A. */
  readonly M: number;
  /** Distinct taps (phase, qh, qw); coincident original taps are summed. */
  readonly tapCount: number;
  readonly tapPhase: Int32Array;
  readonly tapQh: Int32Array;
  readonly tapQw: Int32Array;
  /**
   * Real blocks in A's orientation, group-major then tap: `coutG×cinG` (A = P, placed at
   * columns `phase·cinG`) or its transpose `cinG×coutG` (A = Pᴴ, placed at rows `phase·cinG`).
   */
  readonly blocks: Float64Array;
  /** Kernel taps per group (k_h·k_w) and, per original tap, its distinct tap and share count. */
  readonly kernelTaps: number;
  readonly sourceTap: Int32Array;
  readonly sourceShare: Int32Array;
  /** Frequencies with f ≤ conj partner (f = u·gridW + v), and weight 1 (self-conjugate) or 2. */
  readonly freqIndex: Int32Array;
  readonly freqWeight: Uint8Array;
}

/**
 * Builds the {@link CircularConvPlan} of `weight` (`[C_out, C_in/g, k_h, k_w]`, or `[C_out,
 * C_in/g, k]` for 1-d) on `geometry`'s input size, strides, dilations and groups (pads are
 * ignored: circular padding).
 * @throws SpectralInputError when an input size is not divisible by its stride, or for a
 * rank other than 1 or 2.
 */
export function planCircularConv(weight: WeightArray, geometry: ConvGeometry): CircularConvPlan {
  const rank = geometry.kernelSpatial.length;
  if (rank !== 1 && rank !== 2)
    throw new SpectralInputError(`circular conv spectrum supports 1-d and 2-d convs, got rank ${rank}`);
  const axis = (v: readonly number[], a: number, fill: number) => (rank === 2 ? v[a] : a === 0 ? fill : v[0]);
  const [nh, nw] = [axis(geometry.inputSpatial, 0, 1), axis(geometry.inputSpatial, 1, 1)];
  const [kh, kw] = [axis(geometry.kernelSpatial, 0, 1), axis(geometry.kernelSpatial, 1, 1)];
  const [sh, sw] = [axis(geometry.strides, 0, 1), axis(geometry.strides, 1, 1)];
  const [dh, dw] = [axis(geometry.dilations, 0, 1), axis(geometry.dilations, 1, 1)];
  for (const [n, s, name] of [
    [nh, sh, "height"],
    [nw, sw, "width"],
  ] as const)
    if (n % s !== 0)
      throw new SpectralInputError(
        `circular conv with stride ${s} needs the input ${name} divisible by it (polyphase), got ${n}`,
      );
  const groups = geometry.group;
  const coutG = geometry.outChannels / groups;
  const cinG = geometry.inChannels / groups;
  const kernelTaps = kh * kw;
  if (weight.length !== geometry.outChannels * cinG * kernelTaps)
    throw new SpectralInputError(
      `kernel has ${weight.length} values, expected ${geometry.outChannels}×${cinG}×${kernelTaps}`,
    );
  const fullH = nh / sh;
  const fullW = nw / sw;
  const phases = sh * sw;
  // Distinct taps keyed by (phase, qh mod fullH, qw mod fullW).
  const keys = new Map<number, number>();
  const tapPhase: number[] = [];
  const tapQh: number[] = [];
  const tapQw: number[] = [];
  const sourceTap = new Int32Array(kernelTaps);
  for (let a = 0; a < kh; a++)
    for (let b = 0; b < kw; b++) {
      const ph = (a * dh) % sh;
      const pw = (b * dw) % sw;
      const qh = Math.floor((a * dh) / sh) % fullH;
      const qw = Math.floor((b * dw) / sw) % fullW;
      const phase = ph * sw + pw;
      const key = (phase * fullH + qh) * fullW + qw;
      let t = keys.get(key);
      if (t === undefined) {
        t = tapPhase.length;
        keys.set(key, t);
        tapPhase.push(phase);
        tapQh.push(qh);
        tapQw.push(qw);
      }
      sourceTap[a * kw + b] = t;
    }
  const tapCount = tapPhase.length;
  const sourceShare = Int32Array.from(sourceTap, (t) => sourceTap.filter((u) => u === t).length);
  const adjoint = cinG * phases < coutG;
  const m = adjoint ? cinG * phases : coutG;
  const M = adjoint ? coutG : cinG * phases;
  const block = coutG * cinG;
  const blocks = new Float64Array(groups * tapCount * block);
  for (let g = 0; g < groups; g++)
    for (let o = 0; o < coutG; o++)
      for (let c = 0; c < cinG; c++) {
        const src = ((g * coutG + o) * cinG + c) * kernelTaps;
        for (let k = 0; k < kernelTaps; k++) {
          const base = (g * tapCount + sourceTap[k]) * block;
          blocks[base + (adjoint ? c * coutG + o : o * cinG + c)] += weight[src + k];
        }
      }
  const gridH = tapQh.some((q) => q !== 0) ? fullH : 1;
  const gridW = tapQw.some((q) => q !== 0) ? fullW : 1;
  const freqIndex: number[] = [];
  const freqWeight: number[] = [];
  for (let u = 0; u < gridH; u++)
    for (let v = 0; v < gridW; v++) {
      const f = u * gridW + v;
      const partner = ((gridH - u) % gridH) * gridW + ((gridW - v) % gridW);
      if (f <= partner) {
        freqIndex.push(f);
        freqWeight.push(f === partner ? 1 : 2);
      }
    }
  return {
    groups,
    coutG,
    cinG,
    phases,
    fullH,
    fullW,
    gridH,
    gridW,
    multiplicity: (fullH / gridH) * (fullW / gridW),
    adjoint,
    m,
    M,
    tapCount,
    tapPhase: Int32Array.from(tapPhase),
    tapQh: Int32Array.from(tapQh),
    tapQw: Int32Array.from(tapQw),
    blocks,
    kernelTaps,
    sourceTap,
    sourceShare,
    freqIndex: Int32Array.from(freqIndex),
    freqWeight: Uint8Array.from(freqWeight),
  };
}
