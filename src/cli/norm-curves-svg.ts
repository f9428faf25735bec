/** One curve of {@link normCurvesSvg}: a layer's norm at each step. */
export interface NormCurve {
  readonly name: string;
  readonly points: readonly (readonly [step: number, value: number])[];
}

const COLORS = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function fmt(v: number): string {
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-2 && v !== 0)
    ? v.toExponential(1)
    : String(Number(v.toPrecision(3)));
}

/**
 * A standalone SVG of per-layer norm curves over training steps, like the paper's figures: one
 * `<path>` polyline per layer (nothing else is drawn as a path), axes with ticks, axis labels and a
 * legend. `logY` draws the y axis in log10 (non-positive values are dropped).
 */
export function normCurvesSvg(
  curves: readonly NormCurve[],
  options: { title: string; yLabel: string; logY?: boolean },
): string {
  const W = 720;
  const H = 420;
  const legendW = 200;
  const m = { left: 70, right: legendW + 20, top: 40, bottom: 50 };
  const plotW = W - m.left - m.right;
  const plotH = H - m.top - m.bottom;
  const ty = (v: number) => (options.logY ? Math.log10(v) : v);
  const usable = curves.map((c) =>
    c.points.filter(([, v]) => Number.isFinite(v) && (!options.logY || v > 0)),
  );
  const all = usable.flat();
  const xs = all.map(([s]) => s);
  const ys = all.map(([, v]) => ty(v));
  let [x0, x1] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  let [y0, y1] = ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  const pad = (y1 - y0) * 0.05;
  [y0, y1] = [y0 - pad, y1 + pad];
  const px = (s: number) => m.left + ((s - x0) / (x1 - x0)) * plotW;
  const py = (v: number) => m.top + plotH - ((ty(v) - y0) / (y1 - y0)) * plotH;
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="white"/>`,
    `<text x="${m.left + plotW / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(options.title)}</text>`,
    `<g class="axes" stroke="black">`,
    `<line x1="${m.left}" y1="${m.top + plotH}" x2="${m.left + plotW}" y2="${m.top + plotH}"/>`,
    `<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${m.top + plotH}"/>`,
  ];
  const ticks: string[] = [];
  for (let i = 0; i <= 5; i++) {
    const s = x0 + ((x1 - x0) * i) / 5;
    const x = px(s).toFixed(1);
    out.push(`<line x1="${x}" y1="${m.top + plotH}" x2="${x}" y2="${m.top + plotH + 5}"/>`);
    ticks.push(
      `<text x="${x}" y="${m.top + plotH + 18}" text-anchor="middle">${fmt(Math.round(s * 100) / 100)}</text>`,
    );
    const t = y0 + ((y1 - y0) * i) / 5;
    const y = (m.top + plotH - (i / 5) * plotH).toFixed(1);
    out.push(`<line x1="${m.left - 5}" y1="${y}" x2="${m.left}" y2="${y}"/>`);
    ticks.push(
      `<text x="${m.left - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${fmt(options.logY ? 10 ** t : t)}</text>`,
    );
  }
  out.push(`</g>`, ...ticks);
  out.push(`<text x="${m.left + plotW / 2}" y="${H - 12}" text-anchor="middle">step</text>`);
  out.push(
    `<text x="16" y="${m.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 16 ${m.top + plotH / 2})">${escapeXml(options.yLabel)}${options.logY ? " (log)" : ""}</text>`,
  );
  out.push(`<g class="curves" fill="none" stroke-width="1.5">`);
  usable.forEach((points, i) => {
    const d = points
      .map(([s, v], k) => `${k === 0 ? "M" : "L"}${px(s).toFixed(2)},${py(v).toFixed(2)}`)
      .join(" ");
    out.push(
      `<path data-layer="${escapeXml(curves[i].name)}" stroke="${COLORS[i % COLORS.length]}" d="${d || "M0,0"}"/>`,
    );
  });
  out.push(`</g>`, `<g class="legend">`);
  curves.forEach((c, i) => {
    const y = m.top + 10 + i * 16;
    const x = W - legendW;
    out.push(
      `<line x1="${x}" y1="${y}" x2="${x + 20}" y2="${y}" stroke="${COLORS[i % COLORS.length]}" stroke-width="2"/>`,
    );
    out.push(`<text x="${x + 26}" y="${y}" dominant-baseline="middle">${escapeXml(c.name)}</text>`);
  });
  out.push(`</g>`, `</svg>`, "");
  return out.join("\n");
}
