import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JobEvent } from "../../clients/ts/src/index.js";
import { TrainRequest } from "../../clients/ts/src/index.js";
import type { BackendInfo } from "../../src/engine/backend/backend-info.js";
import { selectBackend } from "../../src/engine/backend/select-backend.js";

/** A fresh temporary `--data-dir`. */
export function tempDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "normserve-jobs-"));
}

let cpu: Promise<BackendInfo> | undefined;

/** The cpu backend, selected once per test file (jobs need an engine; fake jobs never use it). */
export function cpuEngine(): Promise<BackendInfo> {
  cpu ??= selectBackend({ backend: "cpu" });
  return cpu;
}

/** A fake Train request (see fake-job-preparers): `steps` steps of `stepMs` ms, `seed` picks a failure. */
export function fakeTrain(steps: number, stepMs: number, seed = 0): TrainRequest {
  return TrainRequest.fromPartial({ epochs: steps, batchSize: stepMs, seed });
}

/** Every event of a stream, and the error that ended it (undefined: OK). */
export async function collect(
  stream: AsyncIterable<JobEvent>,
): Promise<{ events: JobEvent[]; error: unknown }> {
  const events: JobEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
    return { events, error: undefined };
  } catch (error) {
    return { events, error };
  }
}

/** Reads events until one matches, then stops reading (the call is cancelled; the job goes on). */
export async function readUntil(
  stream: AsyncIterable<JobEvent>,
  done: (event: JobEvent) => boolean,
): Promise<JobEvent[]> {
  const events: JobEvent[] = [];
  for await (const event of stream) {
    events.push(event);
    if (done(event)) break;
  }
  return events;
}

/** The `$case` of each event. */
export function cases(events: readonly JobEvent[]): string[] {
  return events.map((e) => e.event?.$case ?? "none");
}

/** Size of a job's event log in bytes. */
export function logBytes(dataDir: string, jobId: string): number {
  return readFileSync(join(dataDir, "jobs", jobId, "events.jsonl")).length;
}
