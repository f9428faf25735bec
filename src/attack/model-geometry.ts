import { compileExecutionPlan } from "../engine/executor/execution-plan.js";
import { invalidArgument, NormserveError } from "../errors/normserve-error.js";
import { decodeModelProto } from "../onnx/decode-model-proto.js";
import { indexGraph } from "../onnx/graph-index.js";

/** What an attack needs to know of a model before it runs. */
export interface ModelGeometry {
  /** C×H×W of the data input. */
  readonly imageShape: readonly [number, number, number];
  /** Width of the [N, classes] logits. */
  readonly classes: number;
}

/**
 * Reads the model's input shape (C, H, W fixed, N free) and class count by compiling the engine's
 * plan for a batch of `batch`, so unsupported ops fail here, before the job is queued.
 * @throws INVALID_ARGUMENT (malformed model, bad input/output shapes) naming `field`;
 *   FAILED_PRECONDITION for ops the engine does not run.
 */
export function modelGeometry(field: string, bytes: Uint8Array, batch: number): ModelGeometry {
  try {
    const graph = indexGraph(decodeModelProto(bytes));
    const input = graph.dataInputs[0];
    const dims = (input?.type?.tensorType?.shape?.dim ?? []).map((d) => Number(d.dimValue ?? 0));
    if (dims.length !== 4 || dims.slice(1).some((d) => !(d > 0)))
      throw invalidArgument(
        `${field}: graph input '${input?.name ?? ""}' must declare [N, C, H, W] with fixed C, H, W, got [${dims.join(", ")}]`,
      );
    const imageShape: [number, number, number] = [dims[1], dims[2], dims[3]];
    const plan = compileExecutionPlan(graph, [batch, ...imageShape], new Set());
    const out = plan.state.shapes.get(graph.outputs[0] ?? "");
    if (out === undefined || out.length !== 2 || out[1] < 2)
      throw invalidArgument(
        `${field}: output '${graph.outputs[0] ?? ""}' must be [N, classes] logits with ≥ 2 classes, got [${out?.join(", ") ?? "unknown"}]`,
      );
    return { imageShape, classes: out[1] };
  } catch (error) {
    if (error instanceof NormserveError) {
      if (error.message.startsWith(field)) throw error;
      throw new NormserveError(error.code, `${field}: ${error.message}`, { cause: error });
    }
    throw invalidArgument(`${field}: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}
