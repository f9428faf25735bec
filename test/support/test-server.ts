import { NormserveClient } from "../../clients/ts/src/index.js";
import { createNormServer, type NormServer } from "../../src/server/create-norm-server.js";
import { type Logger, silentLogger } from "../../src/server/logger.js";
import type { NormServerOptions } from "../../src/server/server-options.js";

/** A real server on a free loopback port and a real client connected to it. */
export interface TestServer {
  readonly address: string;
  readonly server: NormServer;
  readonly client: NormserveClient;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1:0; always `await close()` in `finally`/`afterAll`. */
export async function startTestServer(
  options: NormServerOptions & { logger?: Logger } = {},
): Promise<TestServer> {
  const server = createNormServer(options.logger ?? silentLogger, options);
  const port = await server.listen("127.0.0.1:0");
  const address = `127.0.0.1:${port}`;
  const client = new NormserveClient(address, { maxMessageBytes: options.maxMessageBytes });
  return {
    address,
    server,
    client,
    async close() {
      client.close();
      await server.shutdown(1_000);
    },
  };
}
