import type { LinearOperatorLayer } from "../../../norms/linear-layer.js";
import type { ParameterStore } from "../parameter-store.js";

/**
 * `layers` (parsed from the original model) with their weights (batch-norm scale and running
 * variance) replaced by the store's current values, read in ONNX layout; a weight the store does
 * not hold, or holds with another size (a folded transpose), stays as parsed.
 * @internal
 */
export function paramsAsLayers(
  layers: readonly LinearOperatorLayer[],
  params: ParameterStore,
): LinearOperatorLayer[] {
  const current = (name: string, parsed: Float32Array | Float64Array): Float32Array | Float64Array => {
    if (!params.has(name)) return parsed;
    const values = params.readSync(name);
    return values.length === parsed.length ? values : parsed;
  };
  return layers.map((layer) =>
    layer.kind === "batchNorm"
      ? {
          ...layer,
          scale: current(layer.weightName, layer.scale),
          variance: current(layer.varianceName, layer.variance),
        }
      : { ...layer, weight: current(layer.weightName, layer.weight) },
  );
}
