import { invalidArgument } from "../errors/normserve-error.js";

/** Per-channel normalisation `(x − mean[c]) / std[c]`; one entry broadcasts to all channels. */
export interface Normalization {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** Checks a normalisation against the channel count and returns per-channel mean and 1/std. @internal */
export function normalizationTables(
  norm: Normalization,
  channels: number,
): { mean: Float32Array; invStd: Float32Array } {
  const mean = new Float32Array(channels);
  const invStd = new Float32Array(channels);
  for (const [name, values] of [
    ["mean", norm.mean],
    ["std", norm.std],
  ] as const) {
    if (values.length !== 1 && values.length !== channels) {
      throw invalidArgument(
        `normalization.${name} has ${values.length} entries; expected 1 or ${channels} (one per channel)`,
      );
    }
  }
  for (let c = 0; c < channels; c++) {
    const m = norm.mean[norm.mean.length === 1 ? 0 : c];
    const s = norm.std[norm.std.length === 1 ? 0 : c];
    if (!Number.isFinite(m))
      throw invalidArgument(`normalization.mean[${c}] is ${m}; expected a finite number`);
    if (!(Number.isFinite(s) && s > 0)) {
      throw invalidArgument(`normalization.std[${c}] is ${s}; expected a finite number > 0`);
    }
    mean[c] = m;
    invStd[c] = 1 / s;
  }
  return { mean, invStd };
}

/** Normalises `count` C×H×W images of `images` in place. @internal */
export function normalizeInPlace(
  images: Float32Array,
  count: number,
  channels: number,
  plane: number,
  mean: Float32Array,
  invStd: Float32Array,
): void {
  for (let i = 0; i < count; i++) {
    for (let c = 0; c < channels; c++) {
      const start = (i * channels + c) * plane;
      const m = mean[c];
      const k = invStd[c];
      for (let p = start; p < start + plane; p++) images[p] = (images[p] - m) * k;
    }
  }
}
