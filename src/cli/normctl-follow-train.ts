import { writeFileSync } from "node:fs";
import type { ClientReadableStream } from "@grpc/grpc-js";
import { JobEvent } from "../gen/normserve/v1/jobs.js";
import { type NormCurve, normCurvesSvg } from "./norm-curves-svg.js";
import { detachOnSigint, jobEvents } from "./normctl-job-client.js";
import { type DisplayStream, LiveDisplay, normTableLines, progressBar } from "./normctl-live-display.js";

/** What {@link followTrain} does with the events besides showing them. */
export interface FollowTrainOptions {
  readonly server: string;
  /** Print one JSON line per event instead of the live display. */
  readonly json: boolean;
  /** Write the trained model here on train_completed. */
  readonly out?: string;
  /** Write the norm curves (SVG) here at the end. */
  readonly plot?: string;
  /** Which norm the plot draws. */
  readonly plotNorm: "l1" | "linf";
}

/** A JobEvent as JSON with the bulky bytes (models, adversarial examples) replaced by their size. @internal */
export function eventJson(event: JobEvent): unknown {
  const json = JobEvent.toJSON(event) as Record<string, Record<string, unknown> | undefined>;
  const done = json.trainCompleted;
  if (done && event.event?.$case === "trainCompleted")
    done.onnxModel = { bytes: event.event.value.onnxModel.length };
  const result = json.attackResult;
  if (result && event.event?.$case === "attackResult" && event.event.value.adversarial)
    result.adversarial = { shape: event.event.value.adversarial.shape };
  return json;
}

/** Per-layer curves of one norm from the norms events. @internal */
export function curvesFrom(events: readonly JobEvent[], norm: "l1" | "linf"): NormCurve[] {
  const curves = new Map<string, [number, number][]>();
  for (const e of events) {
    if (e.event?.$case !== "norms") continue;
    for (const layer of e.event.value.layers) {
      const value = norm === "l1" ? layer.l1 : layer.linf;
      if (value === undefined) continue;
      const points = curves.get(layer.nodeName) ?? [];
      points.push([e.event.value.step, value]);
      curves.set(layer.nodeName, points);
    }
  }
  return [...curves].map(([name, points]) => ({ name, points }));
}

/** Writes the norm-curve SVG of a job's events. @internal */
export function writePlot(
  path: string,
  jobId: string,
  events: readonly JobEvent[],
  norm: "l1" | "linf",
  logY = false,
): void {
  const label = norm === "l1" ? "L1 norm" : "L∞ norm";
  writeFileSync(
    path,
    normCurvesSvg(curvesFrom(events, norm), {
      title: `${label} per layer — job ${jobId}`,
      yLabel: label,
      logY,
    }),
  );
}

/**
 * Shows a Train job's stream: progress bar and live norm table (or JSON lines), epoch lines, and
 * at the end writes the model and the plot. Ctrl-C detaches (the job keeps running) and prints how
 * to re-attach. Returns the job id and whether the stream reached train_completed.
 */
export async function followTrain(
  call: ClientReadableStream<JobEvent>,
  options: FollowTrainOptions,
  stdout: DisplayStream = process.stdout,
): Promise<{ jobId: string; completed: boolean; detached: boolean }> {
  const display = new LiveDisplay(stdout);
  const events: JobEvent[] = [];
  let jobId = "";
  let total = 0;
  const sigint = detachOnSigint(call);
  let completed = false;
  try {
    for await (const event of jobEvents(call)) {
      events.push(event);
      jobId = event.jobId;
      if (options.json) process.stdout.write(`${JSON.stringify(eventJson(event))}\n`);
      const e = event.event;
      if (e?.$case === "started") {
        total = e.value.totalSteps;
        if (!options.json) display.line(`job ${e.value.jobId} started on ${e.value.backend}: ${total} steps`);
      } else if (e?.$case === "queued" && !options.json)
        display.line(`job ${jobId} queued at position ${e.value.position}`);
      else if (e?.$case === "progress" && !options.json) {
        const p = e.value;
        display.setProgress(
          `${progressBar(p.step, total)}  epoch ${p.epoch}  loss ${p.loss.toFixed(4)}  acc ${p.accuracy.toFixed(3)}  lr ${p.learningRate.toPrecision(3)}  ${p.examplesPerSecond.toFixed(0)} ex/s`,
        );
      } else if (e?.$case === "norms" && !options.json)
        display.setTable(normTableLines(e.value.step, e.value.layers));
      else if (e?.$case === "epoch" && !options.json) {
        const s = e.value;
        const test =
          s.testAccuracy === undefined
            ? ""
            : `  test loss ${s.testLoss?.toFixed(4)} acc ${s.testAccuracy.toFixed(3)}`;
        display.line(
          `epoch ${s.epoch}: loss ${s.trainLoss.toFixed(4)} acc ${s.trainAccuracy.toFixed(3)}${test} (${s.seconds.toFixed(1)} s)`,
        );
      } else if (e?.$case === "trainCompleted") {
        completed = true;
        if (options.out) writeFileSync(options.out, e.value.onnxModel);
        display.finish();
        if (!options.json)
          process.stdout.write(
            `trained in ${e.value.seconds.toFixed(1)} s${options.out ? ` → ${options.out}` : ""}\n`,
          );
      }
    }
  } catch (error) {
    if (!sigint.detached) throw error;
  } finally {
    sigint.dispose();
    display.finish();
  }
  const detached = sigint.report(jobId, options.server);
  if (options.plot && jobId) writePlot(options.plot, jobId, events, options.plotNorm);
  return { jobId, completed, detached };
}
