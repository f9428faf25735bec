import type { LinearOperatorLayer } from "../norms/linear-layer.js";

/** The `conv`, `linear` and `batch_norm` flags of NormDecay/ProjectNorms. */
export interface LayerKindFlags {
  readonly conv: boolean;
  readonly linear: boolean;
  readonly batchNorm: boolean;
}

/**
 * Layer kinds a request selects: `conv` covers Conv and ConvTranspose; all flags false (unset)
 * means every kind.
 */
export function selectedLayerKinds(flags: LayerKindFlags): ReadonlySet<LinearOperatorLayer["kind"]> {
  const all = !flags.conv && !flags.linear && !flags.batchNorm;
  const kinds = new Set<LinearOperatorLayer["kind"]>();
  if (all || flags.conv) kinds.add("conv").add("convTranspose");
  if (all || flags.linear) kinds.add("linear");
  if (all || flags.batchNorm) kinds.add("batchNorm");
  return kinds;
}
