import { type ConvGeometry, inputTapsOnAxis, outputTapsOnAxis, tapCount } from "./conv-geometry.js";
import type { NormResult } from "./norm-result.js";

/** Which abs-sum operator norm: `l1` (largest column abs sum) or `linf` (largest row abs sum). */
export type AbsSumNormKind = "l1" | "linf";

/** Where a norm is attained: the channel/position part of a {@link NormResult}. */
export type MaximiserLocation = Pick<NormResult, "channel" | "position">;

/** The other abs-sum norm (the norm of the adjoint operator swaps L1 and L∞). */
export function adjointNormKind(norm: AbsSumNormKind): AbsSumNormKind {
  return norm === "l1" ? "linf" : "l1";
}

/**
 * Flat kernel-tap indices (row-major over `kernelSpatial`) of the product of per-axis tap lists.
 * Each list is ascending, so the result is ascending and free of duplicates.
 * @internal
 */
export function tapProduct(
  kernelSpatial: readonly number[],
  perAxis: readonly (readonly number[])[],
): number[] {
  let flat = [0];
  for (let a = 0; a < kernelSpatial.length; a++) {
    const next: number[] = [];
    for (const base of flat) for (const k of perAxis[a]) next.push(base * kernelSpatial[a] + k);
    flat = next;
  }
  return flat;
}

function checkLocation(
  fn: string,
  maximiser: MaximiserLocation,
  channels: number,
  spatial: readonly number[],
): void {
  const { channel, position } = maximiser;
  if (!Number.isSafeInteger(channel) || channel < 0 || channel >= channels)
    throw new RangeError(`${fn}: channel must be in [0, ${channels}), got ${channel}`);
  if (position.length !== spatial.length)
    throw new RangeError(`${fn}: position must have ${spatial.length} coordinates, got ${position.length}`);
  position.forEach((p, a) => {
    if (!Number.isSafeInteger(p) || p < 0 || p >= spatial[a])
      throw new RangeError(`${fn}: position[${a}] must be in [0, ${spatial[a]}), got ${p}`);
  });
}

/**
 * Flat indices into a conv kernel `[C_out, C_in/g, k...]` of the weights that make up the
 * maximiser's column (`l1`: input channel `c` at input `position`) or row (`linf`: output
 * channel `o` at output `position`) of the conv matrix. Each such weight appears exactly once in
 * that column/row, so the abs sum of these weights is the column/row abs sum.
 *
 * - `l1`: `K[o, c mod C_in/g, taps]` for every `o` in `c`'s group, taps in the per-axis
 *   product of {@link inputTapsOnAxis}.
 * - `linf`: `K[o, c', taps]` for every `c'`, taps in the per-axis product of {@link outputTapsOnAxis}.
 *
 * The result is sorted ascending and has no duplicates; it is empty when no tap is valid.
 * Throws `RangeError` when the location lies outside the conv's input (l1) or output (linf).
 */
export function convMaximiserWeights(
  geometry: ConvGeometry,
  norm: AbsSumNormKind,
  maximiser: MaximiserLocation,
): Int32Array {
  const rank = geometry.kernelSpatial.length;
  const taps = tapCount(geometry);
  const cinPerGroup = geometry.inChannels / geometry.group;
  const coutPerGroup = geometry.outChannels / geometry.group;
  const { channel, position } = maximiser;
  if (norm === "l1") {
    checkLocation("convMaximiserWeights(l1)", maximiser, geometry.inChannels, geometry.inputSpatial);
    const perAxis = Array.from({ length: rank }, (_, a) => inputTapsOnAxis(geometry, a, position[a]));
    const flatTaps = tapProduct(geometry.kernelSpatial, perAxis);
    const groupIndex = Math.floor(channel / cinPerGroup);
    const local = channel % cinPerGroup;
    const out = new Int32Array(coutPerGroup * flatTaps.length);
    let n = 0;
    for (let o = groupIndex * coutPerGroup; o < (groupIndex + 1) * coutPerGroup; o++) {
      const base = (o * cinPerGroup + local) * taps;
      for (const t of flatTaps) out[n++] = base + t;
    }
    return out;
  }
  checkLocation("convMaximiserWeights(linf)", maximiser, geometry.outChannels, geometry.outputSpatial);
  const perAxis = Array.from({ length: rank }, (_, a) => outputTapsOnAxis(geometry, a, position[a]));
  const flatTaps = tapProduct(geometry.kernelSpatial, perAxis);
  const out = new Int32Array(cinPerGroup * flatTaps.length);
  let n = 0;
  for (let c = 0; c < cinPerGroup; c++) {
    const base = (channel * cinPerGroup + c) * taps;
    for (const t of flatTaps) out[n++] = base + t;
  }
  return out;
}

/**
 * Flat indices of a ConvTranspose kernel `[C_in, C_out/g, k...]` for the maximiser of its
 * `norm`. The layer's matrix is the transpose of the conv `adjoint` (same kernel array), so its
 * L1 column is the adjoint's L∞ row and vice versa; `maximiser` is given in the ConvTranspose's
 * own terms (l1: its input channel/position = the adjoint's output), which are the adjoint's.
 */
export function convTransposeMaximiserWeights(
  adjoint: ConvGeometry,
  norm: AbsSumNormKind,
  maximiser: MaximiserLocation,
): Int32Array {
  return convMaximiserWeights(adjoint, adjointNormKind(norm), maximiser);
}

/**
 * Flat indices of the stored weight of a linear map `M` (out×in = rows×cols) for column `index`
 * (`l1`: `M[:, index]`) or row `index` (`linf`: `M[index, :]`). `transposed` storage holds `Mᵀ`
 * row-major (shape [cols, rows]). Sorted ascending.
 */
export function linearMaximiserWeights(
  rows: number,
  cols: number,
  transposed: boolean,
  norm: AbsSumNormKind,
  index: number,
): Int32Array {
  const count = norm === "l1" ? cols : rows;
  if (!Number.isSafeInteger(index) || index < 0 || index >= count)
    throw new RangeError(`linearMaximiserWeights(${norm}): index must be in [0, ${count}), got ${index}`);
  const length = norm === "l1" ? rows : cols;
  const out = new Int32Array(length);
  // M[i][j] lives at i*cols + j (plain) or j*rows + i (transposed).
  for (let k = 0; k < length; k++) {
    const i = norm === "l1" ? k : index;
    const j = norm === "l1" ? index : k;
    out[k] = transposed ? j * rows + i : i * cols + j;
  }
  return out;
}

/** The single weight (`γ_c`) of a batch norm's maximiser channel `c`, as a one-element index list. */
export function batchNormMaximiserWeights(channels: number, channel: number): Int32Array {
  if (!Number.isSafeInteger(channel) || channel < 0 || channel >= channels)
    throw new RangeError(`batchNormMaximiserWeights: channel must be in [0, ${channels}), got ${channel}`);
  return Int32Array.of(channel);
}
