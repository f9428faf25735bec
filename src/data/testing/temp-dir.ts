import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/** A fresh temporary directory removed after the current test file. @internal */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "normserve-data-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
