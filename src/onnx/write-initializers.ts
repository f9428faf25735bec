import { invalidArgument } from "../errors/normserve-error.js";
import { float32LittleEndianBytes } from "../tensor/float32-little-endian-bytes.js";
import { decodeModelProto } from "./decode-model-proto.js";
import { elementCount, tensorDims } from "./int64.js";
import { OnnxDataType } from "./onnx-data-type.js";
import { onnx } from "./onnx-proto.js";

/** Options of {@link writeInitializers}. */
export interface WriteInitializersOptions {
  /**
   * Make the graph inference-ready: every BatchNormalization loses its `training_mode`
   * attribute and its extra outputs (updated running mean/variance, saved statistics), which
   * also leave the graph outputs. Default false: the graph is left exactly as it was.
   */
  readonly inferenceForm?: boolean;
}

/** Drops training-only parts of BatchNormalization nodes (see {@link WriteInitializersOptions}). */
function toInferenceForm(graph: onnx.IGraphProto): void {
  const dropped = new Set<string>();
  for (const node of graph.node ?? []) {
    if (node.opType !== "BatchNormalization" || (node.domain && node.domain !== "ai.onnx")) continue;
    node.attribute = (node.attribute ?? []).filter((a) => a.name !== "training_mode");
    for (const extra of (node.output ?? []).slice(1)) if (extra) dropped.add(extra);
    node.output = (node.output ?? []).slice(0, 1);
  }
  if (dropped.size === 0) return;
  for (const node of graph.node ?? []) {
    const used = (node.input ?? []).find((i) => dropped.has(i));
    if (used !== undefined)
      throw invalidArgument(
        `writeInitializers: node '${node.name ?? node.opType}' reads '${used}', a training-only BatchNormalization output`,
      );
  }
  graph.output = (graph.output ?? []).filter((o) => !dropped.has(o.name ?? ""));
  graph.valueInfo = (graph.valueInfo ?? []).filter((v) => !dropped.has(v.name ?? ""));
}

/**
 * New ONNX model bytes with float32 initializers replaced: each entry of `values` (ONNX
 * layout, row-major) becomes that initializer's `raw_data` (float32 little-endian); dims, name
 * and every other field of the model stay as they were. The names must be FLOAT initializers
 * of the main graph and the lengths must match their dims.
 * @throws INVALID_ARGUMENT for malformed bytes, an unknown or non-FLOAT initializer name, or a
 *   wrong number of values.
 */
export function writeInitializers(
  bytes: Uint8Array,
  values: ReadonlyMap<string, Float32Array>,
  options: WriteInitializersOptions = {},
): Uint8Array {
  const { model, graph } = decodeModelProto(bytes);
  const byName = new Map<string, onnx.ITensorProto>();
  for (const init of graph.initializer ?? []) if (init.name) byName.set(init.name, init);
  for (const [name, data] of values) {
    const init = byName.get(name);
    if (!init) throw invalidArgument(`writeInitializers: the model has no initializer '${name}'`);
    if (init.dataType !== OnnxDataType.FLOAT)
      throw invalidArgument(
        `writeInitializers: initializer '${name}' has data_type ${init.dataType}, only FLOAT (1) can be written`,
      );
    const dims = tensorDims(init.dims, `initializer '${name}'`);
    const count = elementCount(dims);
    if (data.length !== count)
      throw invalidArgument(
        `writeInitializers: initializer '${name}' has dims [${dims.join(", ")}] (${count} values), got ${data.length} values`,
      );
    init.rawData = float32LittleEndianBytes(data);
    init.floatData = [];
    // The values now live inline; drop any pointer to an external file.
    init.externalData = [];
    init.dataLocation = onnx.TensorProto.DataLocation.DEFAULT;
  }
  if (options.inferenceForm) toInferenceForm(graph);
  return onnx.ModelProto.encode(model).finish();
}
