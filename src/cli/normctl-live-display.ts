import type { LayerNorms } from "../gen/normserve/v1/compute_norms.js";

/** Where the display writes: process.stdout or a test double. */
export interface DisplayStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** `[#####.....]  12/40  30%`: a fixed-width text progress bar. @internal */
export function progressBar(done: number, total: number, width = 24): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(fraction * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${Math.round(fraction * 100)
    .toString()
    .padStart(3)}%`;
}

function num(value: number | undefined): string {
  return value === undefined ? "—" : value.toPrecision(6);
}

/** The per-layer norm table of one snapshot, one line per layer. @internal */
export function normTableLines(step: number, layers: readonly LayerNorms[]): string[] {
  const width = Math.max(5, ...layers.map((l) => l.nodeName.length));
  const lines = [
    `norms at step ${step}`,
    `  ${"layer".padEnd(width)}  ${"op".padEnd(18)}  ${"L1".padStart(12)}  ${"L∞".padStart(12)}`,
  ];
  for (const l of layers)
    lines.push(
      `  ${l.nodeName.padEnd(width)}  ${l.opType.padEnd(18)}  ${num(l.l1).padStart(12)}  ${num(l.linf).padStart(12)}`,
    );
  return lines;
}

/**
 * A terminal display with a live block (progress bar and norm table) under permanent lines. On a
 * TTY the block is redrawn in place (cursor up, clear, rewrite); elsewhere every update is printed
 * as plain lines, so logs and pipes get one line per progress event and a table per norms event.
 */
export class LiveDisplay {
  private progress = "";
  private table: string[] = [];
  private drawn = 0;

  constructor(private readonly out: DisplayStream) {}

  /** Prints a line that stays (above the live block). */
  line(text: string): void {
    this.erase();
    this.out.write(`${text}\n`);
    this.draw();
  }

  /** Replaces the progress line. */
  setProgress(text: string): void {
    this.progress = text;
    if (this.out.isTTY) this.redraw();
    else this.out.write(`${text}\n`);
  }

  /** Replaces the norm table. */
  setTable(lines: string[]): void {
    this.table = lines;
    if (this.out.isTTY) this.redraw();
    else this.out.write(`${lines.join("\n")}\n`);
  }

  /** Leaves the live block on screen and stops redrawing it. */
  finish(): void {
    this.drawn = 0;
  }

  private redraw(): void {
    this.erase();
    this.draw();
  }

  private erase(): void {
    if (!this.out.isTTY || this.drawn === 0) return;
    this.out.write(`\r\x1b[${this.drawn}A\x1b[J`);
    this.drawn = 0;
  }

  private draw(): void {
    if (!this.out.isTTY) return;
    const block = [...this.table, ...(this.progress ? [this.progress] : [])];
    if (block.length === 0) return;
    this.out.write(`${block.join("\n")}\n`);
    this.drawn = block.length;
  }
}
