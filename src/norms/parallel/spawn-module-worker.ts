import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/**
 * Starts a worker thread on the module `name` next to `callerUrl` (pass `import.meta.url`):
 * the compiled `name.js` when the caller is compiled JavaScript, else `name.ts` run through
 * tsx (tests, `node --import tsx`), the way `FrequencyPool` starts its workers.
 * @internal
 */
export function spawnModuleWorker(callerUrl: string, name: string): Worker {
  if (callerUrl.endsWith(".js")) return new Worker(new URL(`./${name}.js`, callerUrl));
  const require = createRequire(callerUrl);
  const api = pathToFileURL(
    join(dirname(require.resolve("tsx/package.json")), "dist/esm/api/index.mjs"),
  ).href;
  const entry = new URL(`./${name}.ts`, callerUrl).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true });
}
