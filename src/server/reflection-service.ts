import { BinaryReader } from "@bufbuild/protobuf/wire";
import * as protoLoader from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import { protoPath as healthProtoPath } from "grpc-health-check";
import { descriptorSetBase64 } from "../gen/descriptor-set.js";

/** Splits a serialized FileDescriptorSet into its serialized FileDescriptorProtos (field 1). */
function fileDescriptorProtos(set: Uint8Array): Buffer[] {
  const reader = new BinaryReader(set);
  const files: Buffer[] = [];
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 1) files.push(Buffer.from(reader.bytes()));
    else reader.skip(wireType);
  }
  return files;
}

/**
 * Server reflection over our schema and grpc.health.v1, so grpcurl and other generic clients can
 * list and call every method without local copies of the .proto files. Our descriptors are the
 * ones buf compiled (embedded by `npm run gen`), byte for byte what protoc produces.
 */
export function createReflectionService(): ReflectionService {
  const set = Buffer.from(descriptorSetBase64, "base64");
  const ours = fileDescriptorProtos(set);
  // proto-loader re-derives descriptors from its own parse; hand reflection the compiled ones.
  const loaded = protoLoader.loadFileDescriptorSetFromBuffer(set, { keepCase: true });
  for (const entry of Object.values(loaded)) {
    if ("format" in entry) Object.assign(entry, { fileDescriptorProtos: ours });
  }
  const definition: protoLoader.PackageDefinition = {
    ...protoLoader.loadSync(healthProtoPath, { keepCase: true }),
    ...loaded,
  };
  return new ReflectionService(definition);
}
