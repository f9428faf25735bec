import { describe, expect, it } from "vitest";
import { normCurvesSvg } from "./norm-curves-svg.js";
import { LiveDisplay, progressBar } from "./normctl-live-display.js";

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (t: string) => writes.push(t) } };
}

describe("LiveDisplay", () => {
  it("progressBar done=5 total=10 width=10 is half full", () => {
    expect(progressBar(5, 10, 10)).toBe("[#####.....] 5/10  50%");
  });

  it("TTY: a progress update erases the drawn block (cursor up, clear) and redraws it", () => {
    const { writes, stream } = sink(true);
    const d = new LiveDisplay(stream);
    d.setTable(["norms", "  a 1"]);
    d.setProgress("p1");
    expect(writes.at(-2)).toBe("\r\x1b[2A\x1b[J");
    expect(writes.at(-1)).toBe("norms\n  a 1\np1\n");
    d.line("epoch 0");
    expect(writes.slice(-3)).toEqual(["\r\x1b[3A\x1b[J", "epoch 0\n", "norms\n  a 1\np1\n"]);
  });

  it("non-TTY: one plain line per progress event, no escape codes", () => {
    const { writes, stream } = sink(false);
    const d = new LiveDisplay(stream);
    d.setProgress("p1");
    d.setProgress("p2");
    d.line("done");
    expect(writes.join("")).toBe("p1\np2\ndone\n");
  });
});

describe("normCurvesSvg", () => {
  it("draws one path per curve and escapes layer names", () => {
    const svg = normCurvesSvg(
      [
        {
          name: "conv<1>",
          points: [
            [1, 2],
            [2, 1.5],
          ],
        },
        {
          name: "fc",
          points: [
            [1, 0.5],
            [2, 0.4],
          ],
        },
      ],
      { title: "L1", yLabel: "L1 norm", logY: true },
    );
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain("conv&#60;1&#62;");
    expect(svg).not.toContain("conv<1>");
  });
});
