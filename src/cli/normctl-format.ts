import {
  type ComputeNormsResponse,
  type LayerNorms,
  type Maximiser,
  NormType,
  normTypeToJSON,
} from "../gen/normserve/v1/compute_norms.js";
import { LayerKind, layerKindToJSON } from "../gen/normserve/v1/layer.js";

/** One norm column group of the table: its label, value and (for L1 / L∞) its maximiser. */
interface NormColumn {
  readonly label: string;
  readonly value: (layer: LayerNorms) => number | undefined;
  readonly maximiser?: (layer: LayerNorms) => Maximiser | undefined;
}

const NORM_COLUMNS: readonly NormColumn[] = [
  { label: "L1", value: (l) => l.l1, maximiser: (l) => l.l1Maximiser },
  { label: "L∞", value: (l) => l.linf, maximiser: (l) => l.linfMaximiser },
  { label: "L2", value: (l) => l.l2 },
];

const NORM_LABELS: Readonly<Partial<Record<NormType, string>>> = {
  [NormType.NORM_TYPE_L1]: "L1",
  [NormType.NORM_TYPE_LINF]: "L∞",
  [NormType.NORM_TYPE_L2]: "L2",
};

const KIND_NAMES: Readonly<Partial<Record<LayerKind, string>>> = {
  [LayerKind.LAYER_KIND_CONV]: "conv",
  [LayerKind.LAYER_KIND_CONV_TRANSPOSE]: "conv_transpose",
  [LayerKind.LAYER_KIND_LINEAR]: "linear",
  [LayerKind.LAYER_KIND_BATCH_NORM]: "batch_norm",
};

/** A norm for humans: six significant digits, full precision stays in `--json`. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined) return "-";
  return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value);
}

/** A maximiser as `c<channel>` plus `@(<position>)` for spatial layers, e.g. `c1@(1,1)`. */
export function formatMaximiser(maximiser: Maximiser | undefined): string {
  if (maximiser === undefined) return "-";
  const at = maximiser.position.length > 0 ? `@(${maximiser.position.join(",")})` : "";
  return `c${maximiser.channel}${at}`;
}

/** Left-aligned columns separated by two spaces, the header underlined. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(header), rule, ...rows.map(line)].map((l) => `${l}\n`).join("");
}

/**
 * The human-readable report of a ComputeNorms response: one table row per layer (node, op, kind,
 * input shape, then each norm with its maximiser), the network figures per norm, and the timing.
 */
export function formatNormsTable(response: ComputeNormsResponse): string {
  if (response.layers.length === 0) return "no linear layers\n";
  const columns = NORM_COLUMNS.filter((col) =>
    response.layers.some((layer) => col.value(layer) !== undefined),
  );
  const header = ["node", "op", "kind", "input"];
  for (const col of columns) header.push(col.label, ...(col.maximiser ? [`${col.label} maximiser`] : []));
  const rows = response.layers.map((layer) => {
    const row = [
      layer.nodeName,
      layer.opType,
      KIND_NAMES[layer.kind] ?? String(layer.kind),
      layer.inputShape.join("×"),
    ];
    for (const col of columns) {
      row.push(formatNumber(col.value(layer)));
      if (col.maximiser) row.push(formatMaximiser(col.maximiser(layer)));
    }
    return row;
  });
  let text = renderTable(header, rows);
  if (response.network.length > 0) {
    const networkRows = response.network.map((n) => [
      NORM_LABELS[n.norm] ?? String(n.norm),
      formatNumber(n.product),
      formatNumber(n.lipschitzBound),
      n.isChain ? "yes" : "no",
      n.note,
    ]);
    text += `\n${renderTable(["network", "product", "lipschitz bound", "chain", "note"], networkRows)}`;
  }
  if (response.timing !== undefined) {
    const { parseMs, computeMs } = response.timing;
    text += `\nserver time: parse ${parseMs.toFixed(1)} ms, compute ${computeMs.toFixed(1)} ms\n`;
  }
  return text;
}

/**
 * The response as a proto3-JSON-shaped object (camelCase names, enums by name) with every field
 * written out, defaults included: a maximiser in channel 0 still says `"channel": 0`.
 */
export function normsResponseJson(response: ComputeNormsResponse): Record<string, unknown> {
  const maximiser = (m: Maximiser | undefined) =>
    m === undefined ? undefined : { channel: m.channel, position: [...m.position] };
  return {
    layers: response.layers.map((layer) => ({
      nodeName: layer.nodeName,
      opType: layer.opType,
      weightName: layer.weightName,
      kind: layerKindToJSON(layer.kind),
      inputShape: [...layer.inputShape],
      outputShape: [...layer.outputShape],
      l1: layer.l1,
      linf: layer.linf,
      l2: layer.l2,
      l1Maximiser: layer.l1 === undefined ? undefined : maximiser(layer.l1Maximiser),
      linfMaximiser: layer.linf === undefined ? undefined : maximiser(layer.linfMaximiser),
    })),
    network: response.network.map((n) => ({
      norm: normTypeToJSON(n.norm),
      product: n.product,
      lipschitzBound: n.lipschitzBound,
      isChain: n.isChain,
      note: n.note,
    })),
    timing: response.timing,
  };
}
