import { appendFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { JobEvent, jobStateFromJSON, jobStateToJSON } from "../gen/normserve/v1/jobs.js";
import { restoreBlobs, stripBlobs } from "./event-blobs.js";
import { isJobIdShaped } from "./job-id.js";
import type { JobRecord } from "./job-record.js";
import type { JobStore } from "./job-store.js";

const ARTIFACT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

function checkArtifactName(name: string): void {
  if (!ARTIFACT_NAME.test(name)) throw new Error(`FileJobStore: bad artifact name ${JSON.stringify(name)}`);
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}

/** One parsed line of `events.jsonl`: the event and the artifacts holding its large byte fields. */
interface LogLine {
  readonly event: JobEvent;
  readonly blobs: Record<string, string>;
}

function parseLine(line: string): LogLine | undefined {
  try {
    const object: unknown = JSON.parse(line);
    if (typeof object !== "object" || object === null) return undefined;
    const blobs =
      "blobs" in object && typeof object.blobs === "object" && object.blobs !== null ? object.blobs : {};
    return { event: JobEvent.fromJSON(object), blobs: blobs as Record<string, string> };
  } catch {
    // A line cut short by a crash.
    return undefined;
  }
}

/**
 * The embedded {@link JobStore}: `<dataDir>/jobs/<job_id>/` holds `job.json` (the record),
 * `events.jsonl` (one JobEvent per line, proto3 JSON; large byte fields live in artifacts named in
 * the line's `blobs`), `request.bin` and `artifacts/`. Directories are created on first use, so
 * a server that never runs a job writes nothing.
 */
export class FileJobStore implements JobStore {
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, "jobs");
  }

  private dir(jobId: string): string {
    if (!isJobIdShaped(jobId)) throw new Error(`FileJobStore: bad job id ${JSON.stringify(jobId)}`);
    return join(this.root, jobId);
  }

  async listRecords(): Promise<JobRecord[]> {
    let names: string[];
    try {
      names = await readdir(this.root);
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
    const records: JobRecord[] = [];
    for (const name of names) {
      if (!isJobIdShaped(name)) continue;
      try {
        const raw = JSON.parse(await readFile(join(this.root, name, "job.json"), "utf8")) as Omit<
          JobRecord,
          "state"
        > & { state: string };
        records.push({ ...raw, state: jobStateFromJSON(raw.state) });
      } catch {
        // No or broken job.json (crash during create): not a job.
      }
    }
    return records;
  }

  async create(record: JobRecord, requestBytes: Uint8Array): Promise<void> {
    const dir = this.dir(record.jobId);
    await mkdir(join(dir, "artifacts"), { recursive: true });
    await writeFile(join(dir, "request.bin"), requestBytes);
    this.writeRecord(record);
  }

  writeRecord(record: JobRecord): void {
    const path = join(this.dir(record.jobId), "job.json");
    const text = JSON.stringify({ ...record, state: jobStateToJSON(record.state) }, null, 2);
    // Write-then-rename: a crash never leaves a half-written record.
    writeFileSync(`${path}.tmp`, `${text}\n`);
    renameSync(`${path}.tmp`, path);
  }

  appendEvent(event: JobEvent): void {
    const dir = this.dir(event.jobId);
    const { event: small, blobs } = stripBlobs(event);
    const names: Record<string, string> = {};
    blobs.forEach((blob, i) => {
      const name = `event-${event.sequence}-${i}.bin`;
      mkdirSync(join(dir, "artifacts"), { recursive: true });
      writeFileSync(join(dir, "artifacts", name), blob.bytes);
      names[blob.path] = name;
    });
    const json = JobEvent.toJSON(small) as Record<string, unknown>;
    const line = blobs.length > 0 ? { ...json, blobs: names } : json;
    appendFileSync(join(dir, "events.jsonl"), `${JSON.stringify(line)}\n`);
  }

  private async readLog(jobId: string): Promise<LogLine[]> {
    let text: string;
    try {
      text = await readFile(join(this.dir(jobId), "events.jsonl"), "utf8");
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
    return text
      .split("\n")
      .filter((l) => l.length > 0)
      .map(parseLine)
      .filter((l): l is LogLine => l !== undefined);
  }

  async readEvents(jobId: string, afterSequence: number): Promise<JobEvent[]> {
    const events: JobEvent[] = [];
    for (const line of await this.readLog(jobId)) {
      if (line.event.sequence <= afterSequence) continue;
      const blobs = new Map<string, Uint8Array>();
      for (const [path, name] of Object.entries(line.blobs)) {
        const bytes = await this.readArtifact(jobId, name);
        if (bytes !== undefined) blobs.set(path, bytes);
      }
      restoreBlobs(line.event, blobs);
      events.push(line.event);
    }
    return events;
  }

  async lastLoggedSequence(jobId: string): Promise<number> {
    return (await this.readLog(jobId)).reduce((max, l) => Math.max(max, l.event.sequence), 0);
  }

  async saveArtifact(jobId: string, name: string, bytes: Uint8Array): Promise<void> {
    checkArtifactName(name);
    const dir = join(this.dir(jobId), "artifacts");
    await mkdir(dir, { recursive: true });
    const path = join(dir, name);
    await writeFile(`${path}.tmp`, bytes);
    renameSync(`${path}.tmp`, path);
  }

  async readArtifact(jobId: string, name: string): Promise<Uint8Array | undefined> {
    if (!isJobIdShaped(jobId) || !ARTIFACT_NAME.test(name)) return undefined;
    try {
      return new Uint8Array(await readFile(join(this.dir(jobId), "artifacts", name)));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  hasArtifact(jobId: string, name: string): boolean {
    return (
      isJobIdShaped(jobId) && ARTIFACT_NAME.test(name) && existsSync(join(this.dir(jobId), "artifacts", name))
    );
  }
}
