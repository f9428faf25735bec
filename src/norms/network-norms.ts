import type { LayerNormsResult } from "./compute-norms.js";
import type { NetworkGraph } from "./network-graph.js";
import { type LipschitzNorm, opLipschitzRule } from "./op-lipschitz.js";

/** Network-level figure for one norm. */
export interface NetworkNormResult {
  readonly norm: LipschitzNorm;
  /** Product of every layer's norm. */
  readonly product: number;
  /** Lipschitz bound propagated through the graph, when every op on the way has a known constant. */
  readonly lipschitzBound?: number;
  /** True when the linear layers form one chain (no branches or merges). */
  readonly isChain: boolean;
  readonly note: string;
}

/** A layer's norm as the product sees it. */
function layerNorm(result: LayerNormsResult, norm: LipschitzNorm): number | undefined {
  return norm === "l1" ? result.l1?.value : norm === "linf" ? result.linf?.value : result.l2?.value;
}

/** A layer's factor in the propagated bound: for L2 its guaranteed upper bound when there is one. */
function layerBound(result: LayerNormsResult, norm: LipschitzNorm): number | undefined {
  return norm === "l2" ? (result.l2?.upperBound ?? result.l2?.value) : layerNorm(result, norm);
}

/** For L2: why the propagated bound is not guaranteed (a layer contributed an estimate), if so. */
function estimateNote(results: readonly LayerNormsResult[], norm: LipschitzNorm): string {
  if (norm !== "l2") return "";
  const estimated = results.filter(
    (r) => r.l2 !== undefined && r.l2.upperBound === undefined && r.l2.method !== "exact",
  );
  if (estimated.length === 0) return "";
  const first = estimated[0];
  return `; not guaranteed: ${estimated.length} layer(s) contribute an estimate, not a bound (first: ${first.layer.nodeName}, ${first.l2?.method})`;
}

/**
 * Network figures for a plain list of layers read as a chain: the product of the layer norms,
 * which bounds the Lipschitz constant when the activations between layers are 1-Lipschitz.
 */
export function chainNetworkNorm(
  results: readonly LayerNormsResult[],
  norm: LipschitzNorm,
): NetworkNormResult {
  const product = results.reduce((p, r) => p * (layerNorm(r, norm) ?? 1), 1);
  return {
    norm,
    product,
    lipschitzBound: results.reduce((p, r) => p * (layerBound(r, norm) ?? 1), 1),
    isChain: true,
    note: `layers read as a chain; the bound assumes 1-Lipschitz activations between them${estimateNote(results, norm)}`,
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
  norm: LipschitzNorm,
): NetworkNormResult {
  const product = results.reduce((p, r) => p * (layerNorm(r, norm) ?? 1), 1);
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
      out = (layerBound(layer, norm) ?? 0) * (inputBounds[0] ?? 0);
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
            : rule.kind === "rootSumSquares"
              ? Math.sqrt(inputBounds.reduce((a, b) => a + b * b, 0))
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
    note: `${
      isChain
        ? "chain: the bound is the product of layer norms and activation constants"
        : "branched graph: the product of layer norms is not a bound here; the bound propagates through the graph, a residual Add summing its inputs' bounds"
    }${estimateNote(results, norm)}`,
  };
}
