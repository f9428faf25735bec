import { randomBytes } from "node:crypto";

/** Job ids are URL-safe and file-name-safe: letters, digits, `-`, `_`, `.`; never starting with `.`. */
const JOB_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * A new job id, unique and sortable by creation time: `job-20261126T153000123Z-4f2a9c`
 * (UTC time to the millisecond, then random hex).
 */
export function newJobId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(".", "");
  return `job-${stamp}-${randomBytes(3).toString("hex")}`;
}

/** True when `id` could be a job id (safe to use as a directory name). */
export function isJobIdShaped(id: string): boolean {
  return JOB_ID_PATTERN.test(id);
}
