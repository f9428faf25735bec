/**
 * Geometry of an N-d convolution on a fixed input shape (batch excluded), computed once and
 * shared by every conv routine (norms, decay, projection, brute force).
 *
 * Semantics are ONNX Conv's: input element `y` on axis `a` feeds output `i` through tap `k`
 * iff `y = i·stride − padBegin + k·dilation` and `0 ≤ i < outputSpatial[a]`.
 */
export interface ConvGeometry {
  /** Input channels C_in. */
  readonly inChannels: number;
  /** Output channels C_out. */
  readonly outChannels: number;
  /** Groups g; C_in and C_out are multiples of it. */
  readonly group: number;
  /** Input spatial size per axis. */
  readonly inputSpatial: readonly number[];
  /** Kernel spatial size per axis. */
  readonly kernelSpatial: readonly number[];
  /** Stride per axis (≥ 1). */
  readonly strides: readonly number[];
  /** Dilation per axis (≥ 1). */
  readonly dilations: readonly number[];
  /**
   * Padding before the first element, per axis. Never negative for a Conv; the adjoint of a
   * ConvTranspose (see `makeConvTransposeAdjointGeometry`) may have negative pads where
   * output_shape adds elements that no tap reaches.
   */
  readonly padsBegin: readonly number[];
  /**
   * Padding after the last element, per axis. Negative in a ConvTranspose adjoint where
   * output_padding/output_shape add trailing elements that no tap reaches.
   */
  readonly padsEnd: readonly number[];
  /** Output spatial size per axis (≥ 1). */
  readonly outputSpatial: readonly number[];
}

/** Options accepted by {@link makeConvGeometry}; omitted lists take ONNX defaults. */
export interface ConvGeometryOptions extends ConvAttributeOptions {
  /** ONNX layout: all begins, then all ends. */
  pads?: readonly number[];
  autoPad?: "NOTSET" | "SAME_UPPER" | "SAME_LOWER" | "VALID";
}

/** Thrown when a convolution's attributes are inconsistent; the message says which. */
export class ConvGeometryError extends Error {
  override name = "ConvGeometryError";
}

function isPositiveInt(v: number): boolean {
  return Number.isSafeInteger(v) && v >= 1;
}

/** The attributes a convolution and a transposed convolution validate alike. */
export interface ConvAttributeOptions {
  inChannels: number;
  outChannels: number;
  group?: number;
  inputSpatial: readonly number[];
  kernelSpatial: readonly number[];
  strides?: readonly number[];
  dilations?: readonly number[];
}

/** {@link ConvAttributeOptions} checked, with ONNX defaults filled in. @internal */
export interface ResolvedConvAttributes {
  readonly rank: number;
  readonly group: number;
  readonly strides: number[];
  readonly dilations: number[];
}

/**
 * Checks channels, group, kernel/input ranks, strides and dilations, and fills the defaults.
 * Shared by {@link makeConvGeometry} and the ConvTranspose geometry so both reject the same input
 * with the same words; `fn` names the public caller in messages.
 * @internal
 */
export function resolveConvAttributes(fn: string, options: ConvAttributeOptions): ResolvedConvAttributes {
  const rank = options.kernelSpatial.length;
  const group = options.group ?? 1;
  const fail = (msg: string): never => {
    throw new ConvGeometryError(`${fn}: ${msg}`);
  };
  if (rank < 1) fail("kernel must have at least one spatial axis");
  if (options.inputSpatial.length !== rank)
    fail(`input has ${options.inputSpatial.length} spatial axes, kernel has ${rank}`);
  if (!isPositiveInt(group)) fail(`group must be a positive integer, got ${group}`);
  if (!isPositiveInt(options.inChannels)) fail(`input channels must be ≥ 1, got ${options.inChannels}`);
  if (!isPositiveInt(options.outChannels)) fail(`output channels must be ≥ 1, got ${options.outChannels}`);
  if (options.inChannels % group !== 0)
    fail(`input channels ${options.inChannels} not divisible by group ${group}`);
  if (options.outChannels % group !== 0)
    fail(`output channels ${options.outChannels} not divisible by group ${group}`);
  const strides = options.strides && options.strides.length > 0 ? [...options.strides] : Array(rank).fill(1);
  const dilations =
    options.dilations && options.dilations.length > 0 ? [...options.dilations] : Array(rank).fill(1);
  if (strides.length !== rank) fail(`strides has ${strides.length} entries, expected ${rank}`);
  if (dilations.length !== rank) fail(`dilations has ${dilations.length} entries, expected ${rank}`);
  for (let a = 0; a < rank; a++) {
    if (!isPositiveInt(options.kernelSpatial[a])) fail(`kernel size must be ≥ 1 on axis ${a}`);
    if (!isPositiveInt(options.inputSpatial[a])) fail(`input size must be ≥ 1 on axis ${a}`);
    if (!isPositiveInt(strides[a])) fail(`stride must be ≥ 1 on axis ${a}, got ${strides[a]}`);
    if (!isPositiveInt(dilations[a])) fail(`dilation must be ≥ 1 on axis ${a}, got ${dilations[a]}`);
  }
  return { rank, group, strides, dilations };
}

/**
 * Validates conv attributes and derives padding (incl. auto_pad) and the output size.
 * Throws {@link ConvGeometryError} naming the offending attribute.
 */
export function makeConvGeometry(options: ConvGeometryOptions): ConvGeometry {
  const { rank, group, strides, dilations } = resolveConvAttributes("makeConvGeometry", options);
  const fail = (msg: string): never => {
    throw new ConvGeometryError(`makeConvGeometry: ${msg}`);
  };
  const autoPad = options.autoPad ?? "NOTSET";
  const padsBegin: number[] = [];
  const padsEnd: number[] = [];
  const outputSpatial: number[] = [];
  for (let a = 0; a < rank; a++) {
    const size = options.inputSpatial[a];
    const extent = (options.kernelSpatial[a] - 1) * dilations[a] + 1;
    let begin = 0;
    let end = 0;
    if (autoPad === "SAME_UPPER" || autoPad === "SAME_LOWER") {
      const out = Math.ceil(size / strides[a]);
      const total = Math.max(0, (out - 1) * strides[a] + extent - size);
      const small = Math.floor(total / 2);
      begin = autoPad === "SAME_UPPER" ? small : total - small;
      end = total - begin;
    } else if (autoPad === "NOTSET") {
      const pads = options.pads && options.pads.length > 0 ? options.pads : Array(2 * rank).fill(0);
      if (pads.length !== 2 * rank) fail(`pads has ${pads.length} entries, expected ${2 * rank}`);
      begin = pads[a];
      end = pads[a + rank];
      if (!Number.isSafeInteger(begin) || begin < 0 || !Number.isSafeInteger(end) || end < 0)
        fail(`pads must be non-negative integers on axis ${a}, got [${begin}, ${end}]`);
    }
    const span = size + begin + end - extent;
    if (span < 0)
      fail(
        `kernel extent ${extent} exceeds padded input ${size + begin + end} on axis ${a} (no output element)`,
      );
    padsBegin.push(begin);
    padsEnd.push(end);
    outputSpatial.push(Math.floor(span / strides[a]) + 1);
  }
  return checkActivationSizes("makeConvGeometry", {
    inChannels: options.inChannels,
    outChannels: options.outChannels,
    group,
    inputSpatial: [...options.inputSpatial],
    kernelSpatial: [...options.kernelSpatial],
    strides,
    dilations,
    padsBegin,
    padsEnd,
    outputSpatial,
  });
}

/**
 * Largest activation (channels × spatial elements) a convolution may read or write: 2^28
 * elements, 1 GiB of float32, far beyond any real layer. The exact norms cost time linear in the
 * spatial sizes, so absurd shapes are refused rather than computed for minutes.
 */
export const MAX_ACTIVATION_ELEMENTS = 2 ** 28;

/**
 * Returns `geometry` when its input and output activations hold at most
 * {@link MAX_ACTIVATION_ELEMENTS} elements each; throws {@link ConvGeometryError} naming `fn` otherwise.
 * @internal
 */
export function checkActivationSizes(fn: string, geometry: ConvGeometry): ConvGeometry {
  const sides: [string, number, readonly number[]][] = [
    ["input", geometry.inChannels, geometry.inputSpatial],
    ["output", geometry.outChannels, geometry.outputSpatial],
  ];
  for (const [side, channels, spatial] of sides) {
    const elements = channels * planeSize(spatial);
    if (elements > MAX_ACTIVATION_ELEMENTS) {
      throw new ConvGeometryError(
        `${fn}: the ${side} [${channels}, ${spatial.join(", ")}] has ${elements} elements, more than the ${MAX_ACTIVATION_ELEMENTS} supported`,
      );
    }
  }
  return geometry;
}

/**
 * Taps of axis `axis` through which output index `i` reads an input element inside
 * `[0, inputSpatial[axis])` (the rest land in the padding).
 */
export function outputTapsOnAxis(geometry: ConvGeometry, axis: number, i: number): number[] {
  const taps: number[] = [];
  const size = geometry.inputSpatial[axis];
  const base = i * geometry.strides[axis] - geometry.padsBegin[axis];
  for (let k = 0; k < geometry.kernelSpatial[axis]; k++) {
    const y = base + k * geometry.dilations[axis];
    if (y >= 0 && y < size) taps.push(k);
  }
  return taps;
}

/**
 * Taps of axis `axis` through which input index `y` reaches some output index
 * (`y + padBegin − k·dilation` must be a non-negative multiple of the stride below
 * `outputSpatial[axis]·stride`).
 */
export function inputTapsOnAxis(geometry: ConvGeometry, axis: number, y: number): number[] {
  const taps: number[] = [];
  const stride = geometry.strides[axis];
  const out = geometry.outputSpatial[axis];
  for (let k = 0; k < geometry.kernelSpatial[axis]; k++) {
    const t = y + geometry.padsBegin[axis] - k * geometry.dilations[axis];
    if (t >= 0 && t % stride === 0 && t / stride < out) taps.push(k);
  }
  return taps;
}

/** Number of kernel taps (product of the kernel's spatial sizes). */
export function tapCount(geometry: ConvGeometry): number {
  return geometry.kernelSpatial.reduce((a, b) => a * b, 1);
}

/** Number of elements of one spatial plane of `sizes` (product). */
export function planeSize(sizes: readonly number[]): number {
  return sizes.reduce((a, b) => a * b, 1);
}
