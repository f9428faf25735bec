import {
  credentials,
  type MethodDefinition,
  makeGenericClientConstructor,
  Server,
  ServerCredentials,
  type ServiceDefinition,
} from "@grpc/grpc-js";

/** A started echo-like gRPC pair with no protobuf at all: the transport floor of a unary call. */
export interface RawTransport {
  /** Sends `request` and resolves when the fixed-size reply has arrived. */
  call(request: Buffer): Promise<Buffer>;
  close(): Promise<void>;
}

const identity = (bytes: Buffer): Buffer => bytes;
const method: MethodDefinition<Buffer, Buffer> = {
  path: "/bench.Raw/Call",
  requestStream: false,
  responseStream: false,
  requestSerialize: identity,
  requestDeserialize: identity,
  responseSerialize: identity,
  responseDeserialize: identity,
};
const definition: ServiceDefinition = { call: method };

/**
 * grpc-js client and server on loopback whose method takes raw bytes and answers `replyBytes`
 * bytes, with the same message limits as normserve: what HTTP/2 framing and flow control alone cost.
 */
export async function startRawTransport(replyBytes: number): Promise<RawTransport> {
  const limits = { "grpc.max_receive_message_length": 2 ** 30, "grpc.max_send_message_length": 2 ** 30 };
  const server = new Server(limits);
  const reply = Buffer.alloc(replyBytes, 1);
  server.addService(definition, {
    call: (_call: unknown, callback: (error: null, value: Buffer) => void) => callback(null, reply),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, p) =>
      error ? reject(error) : resolve(p),
    ),
  );
  const Client = makeGenericClientConstructor(definition, "Raw");
  const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure(), limits);
  return {
    call: (request) =>
      new Promise((resolve, reject) =>
        client.makeUnaryRequest(method.path, identity, identity, request, (error, value) =>
          error || value === undefined ? reject(error ?? new Error("no reply")) : resolve(value),
        ),
      ),
    close: async () => {
      client.close();
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    },
  };
}
