import { readFileSync } from "node:fs";

/** normserve's version from package.json (read once per call; callers keep the result). */
export function readPackageVersion(): string {
  // Two levels up from src/server or dist/server is the package root in both layouts.
  const pkg: unknown = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  const version = typeof pkg === "object" && pkg !== null ? Reflect.get(pkg, "version") : undefined;
  return typeof version === "string" ? version : "unknown";
}
