import type { NodeAttributes } from "./node-attributes.js";
import { OnnxDataType } from "./onnx-data-type.js";
import type { onnx } from "./onnx-proto.js";

/**
 * The tensor a Constant node produces, from whichever `value*` attribute it has (`value`,
 * `value_float(s)`, `value_int(s)`), named after the node's output; undefined for string and
 * sparse constants, which never feed a weight or a shape.
 * @internal
 */
export function constantNodeValue(
  attributes: NodeAttributes,
  outputName: string,
): onnx.ITensorProto | undefined {
  const t = attributes.tensor("value");
  if (t) return { ...t, name: outputName };
  if (attributes.has("value_float"))
    return {
      name: outputName,
      dims: [],
      dataType: OnnxDataType.FLOAT,
      floatData: [attributes.float("value_float")],
    };
  if (attributes.has("value_floats")) {
    const v = attributes.floats("value_floats");
    return { name: outputName, dims: [v.length], dataType: OnnxDataType.FLOAT, floatData: v };
  }
  if (attributes.has("value_int"))
    return {
      name: outputName,
      dims: [],
      dataType: OnnxDataType.INT64,
      int64Data: [attributes.int("value_int")],
    };
  if (attributes.has("value_ints")) {
    const v = attributes.ints("value_ints");
    return { name: outputName, dims: [v.length], dataType: OnnxDataType.INT64, int64Data: v };
  }
  return undefined;
}
