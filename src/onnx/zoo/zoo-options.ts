/** Options of a zoo model; every field falls back to the model's default. */
export interface ZooModelOptions {
  /** Scales every hidden channel count (rounded, at least 1); default 1. */
  readonly widthMultiplier?: number;
  /** Input channels (CIFAR models 3, small_cnn 1). */
  readonly inputChannels?: number;
  /** Input height (CIFAR models 32, small_cnn 28). */
  readonly inputHeight?: number;
  /** Input width (CIFAR models 32, small_cnn 28). */
  readonly inputWidth?: number;
  /** Number of classes (default 10). */
  readonly classes?: number;
  /** PRNG seed of the weight initialisation (default 0). */
  readonly seed?: number;
}

/** {@link ZooModelOptions} with every field filled in. @internal */
export type ResolvedZooOptions = Required<ZooModelOptions>;

/**
 * A channel count scaled by the width multiplier, rounded half up, at least 1. (Not Python's
 * banker's `round`: test/fixtures/zoo-reference.py spells this rule as `floor(x + 0.5)`.)
 * @internal
 */
export function scaleChannels(channels: number, widthMultiplier: number): number {
  return Math.max(1, Math.round(channels * widthMultiplier));
}
