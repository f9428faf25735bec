import type { NormResult } from "../math/norm-result.js";
import type { LayerNormsResult } from "./compute-norms.js";
import type { NetworkGraph } from "./network-graph.js";
import { type AbsSumNorm, opLipschitzRule } from "./op-lipschitz.js";

/** Network-level figure for one norm. */
export interface NetworkNormResult {
  readonly norm: AbsSumNorm;
  /** Product of every layer's norm. */
  readonly product: number;
  /** Lipschitz bound propagated through the graph, when every op on the way has a known constant. */
  readonly lipschitzBound?: number;
  /** True when the linear layers form one chain (no branches or merges). */
  readonly isChain: boolean;
  readonly note: string;
}

function layerNorm(result: LayerNormsResult, norm: AbsSumNorm): NormResult | undefined {
  return norm === "l1" ? result.l1 : result.linf;
}

/**
 * Network figures for a plain list of layers read as a chain: the product of the layer norms,
 * which bounds the Lipschitz constant when the activations between layers are 1-Lipschitz.
 */
export function chainNetworkNorm(results: readonly LayerNormsResult[], norm: AbsSumNorm): NetworkNormResult {
  const product = results.reduce((p, r) => p * (layerNorm(r, norm)?.value ?? 1), 1);
  return {
    norm,
    product,
    lipschitzBound: product,
    isChain: true,
    note: "layers read as a chain; the bound assumes 1-Lipschitz activations between them",
  };
}

/**
 * Network figures for a model graph. `product` multiplies every layer's norm (the paper's
 * figure; a bound for chains only). `lipschitzBound` propagates a bound from the graph input to
 * its outputs: a layer multiplies its input's bound by its norm, activations and pooling by their
 * Lipschitz constants, and a residual Add sums its inputs' bounds — so for y = x + f(x) it gives
 * 1 + Lip(f), which the plain product does not bound.
 */
export function graphNetworkNorm(
  graph: NetworkGraph,
  results: readonly LayerNormsResult[],
  norm: AbsSumNorm,
): NetworkNormResult {
  const product = results.reduce((p, r) => p * (layerNorm(r, norm)?.value ?? 1), 1);
  const byNode = new Map(results.map((r) => [r.layer.nodeName, r]));
  const bound = new Map<string, number>(graph.inputs.map((name) => [name, 1]));
  const consumers = new Map<string, number>();
  // Tensors computed from constants only (e.g. Transpose of a weight) are constants too.
  const folded = new Set<string>();
  const isConstant = (name: string) => graph.isConstant(name) || folded.has(name);
  let isChain = true;
  let unknownReason: string | undefined;
  for (const node of graph.nodes) {
    const data = node.inputs.filter((name) => name !== "" && !isConstant(name));
    if (data.length === 0) {
      for (const name of node.outputs) folded.add(name);
      continue;
    }
    for (const name of data) consumers.set(name, (consumers.get(name) ?? 0) + 1);
    if (data.length > 1) isChain = false;
    if (unknownReason !== undefined) continue;
    const inputBounds = data.map((name) => bound.get(name) ?? 0);
    const layer = byNode.get(node.name);
    let out: number;
    if (layer !== undefined) {
      out = (layerNorm(layer, norm)?.value ?? 0) * (inputBounds[0] ?? 0);
    } else {
      const rule = opLipschitzRule(node, norm, { ...graph, isConstant });
      if (rule.kind === "unknown") {
        unknownReason = rule.reason;
        continue;
      }
      out =
        rule.kind === "scale"
          ? rule.factor * inputBounds[0]
          : rule.kind === "sum"
            ? inputBounds.reduce((a, b) => a + b, 0)
            : Math.max(...inputBounds);
    }
    for (const name of node.outputs) bound.set(name, out);
  }
  for (const count of consumers.values()) if (count > 1) isChain = false;
  if (unknownReason !== undefined) {
    return { norm, product, isChain, note: `no Lipschitz bound: ${unknownReason}` };
  }
  const lipschitzBound = Math.max(0, ...graph.outputs.map((name) => bound.get(name) ?? 0));
  return {
    norm,
    product,
    lipschitzBound,
    isChain,
    note: isChain
      ? "chain: the bound is the product of layer norms and activation constants"
      : "branched graph: the product of layer norms is not a bound here; the bound propagates through the graph, a residual Add summing its inputs' bounds",
  };
}
