import { ClipSingularValuesResponse } from "../gen/normserve/v1/clip_singular_values.js";
import { NormDecayResponse, ProjectNormsResponse } from "../gen/normserve/v1/norm_decay.js";
import type { NormServiceService } from "../gen/normserve/v1/norm_service.js";
import { ChunkedBinaryWriter } from "../tensor/chunked-binary-writer.js";

/**
 * The service definition with the tensor-heavy responses (NormDecay's decay terms, ProjectNorms'
 * and ClipSingularValues' weights) serialised by {@link ChunkedBinaryWriter}: the same bytes, each copied once instead of
 * once per nesting level plus buffer growth.
 */
export function withChunkedResponses(definition: typeof NormServiceService): typeof NormServiceService {
  return {
    ...definition,
    normDecay: {
      ...definition.normDecay,
      responseSerialize: (value: NormDecayResponse) => {
        const writer = new ChunkedBinaryWriter();
        NormDecayResponse.encode(value, writer);
        return writer.finish();
      },
    },
    clipSingularValues: {
      ...definition.clipSingularValues,
      responseSerialize: (value: ClipSingularValuesResponse) => {
        const writer = new ChunkedBinaryWriter();
        ClipSingularValuesResponse.encode(value, writer);
        return writer.finish();
      },
    },
    projectNorms: {
      ...definition.projectNorms,
      responseSerialize: (value: ProjectNormsResponse) => {
        const writer = new ChunkedBinaryWriter();
        ProjectNormsResponse.encode(value, writer);
        return writer.finish();
      },
    },
  };
}
