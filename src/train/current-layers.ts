import type { Parameter, ParameterStore } from "../engine/executor/parameter-store.js";
import { failedPrecondition } from "../errors/normserve-error.js";
import type { WeightArray } from "../math/norm-result.js";
import type { LinearOperatorLayer } from "../norms/linear-layer.js";
import { hwioToOnnx, permutesOnCpu, readOnnxLayout } from "./weight-layout.js";

function sameValues(a: WeightArray, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (Math.fround(a[i]) !== b[i]) return false;
  return true;
}

/** The parameter names a layer reads (weight, and the running variance of a batch norm). */
function namesOf(layer: LinearOperatorLayer): string[] {
  return layer.kind === "batchNorm" ? [layer.weightName, layer.varianceName] : [layer.weightName];
}

/**
 * The model's linear layers (parsed once from the ONNX the executor was built from) with their
 * weights replaced by the executor's current values in ONNX layout: the direct path from the
 * parameter store to the norms code, with no ONNX round trip. Checked once: every weight the
 * parser read must be the store's value element for element (a weight reached through a
 * Transpose node reads permuted and is refused with FAILED_PRECONDITION naming the node).
 */
export class CurrentLayers {
  private constructor(private readonly parsed: readonly LinearOperatorLayer[]) {}

  /** Checks the layer/parameter correspondence on the freshly created store. */
  static create(parsed: readonly LinearOperatorLayer[], params: ParameterStore): CurrentLayers {
    for (const layer of parsed)
      for (const name of namesOf(layer)) {
        if (!params.has(name)) continue;
        const parsedValues =
          layer.kind === "batchNorm" && name === layer.varianceName
            ? layer.variance
            : layer.kind === "batchNorm"
              ? layer.scale
              : layer.weight;
        if (!sameValues(parsedValues, params.readSync(name)))
          throw failedPrecondition(
            `${layer.nodeName}: its weight '${name}' is read through a Transpose (or another reordering); training with live norms needs the weight used as stored`,
          );
      }
    return new CurrentLayers(parsed);
  }

  /**
   * Every layer, or only those of `kinds`, with the store's current values (downloaded as stored,
   * conv kernels permuted to ONNX layout on the CPU).
   */
  read(params: ParameterStore, kinds?: ReadonlySet<LinearOperatorLayer["kind"]>): LinearOperatorLayer[] {
    const layers = this.parsed.filter((layer) => kinds === undefined || kinds.has(layer.kind));
    const wanted: Parameter[] = [];
    for (const layer of layers)
      for (const name of namesOf(layer)) {
        const p = params.get(name);
        if (p !== undefined && permutesOnCpu(p) && !wanted.includes(p)) wanted.push(p);
      }
    const values = new Map<string, WeightArray>();
    // One download per tensor (a device concat of them all costs more than the reads it saves).
    for (const p of wanted) {
      const stored = p.tensor.dataSync() as Float32Array;
      values.set(p.name, p.layout === "plain" ? Float32Array.from(stored) : hwioToOnnx(stored, p.shape));
    }
    const current = (name: string, parsed: WeightArray): WeightArray => {
      const known = values.get(name);
      if (known !== undefined) return known;
      const p = params.get(name);
      return p === undefined ? parsed : readOnnxLayout(p, (t) => params.toOnnxLayout(name, t));
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
}
