import { elementCount, tensorDims } from "./int64.js";
import { dataTypeByteSize, dataTypeName, OnnxDataType } from "./onnx-data-type.js";
import { malformedModel } from "./onnx-model-error.js";
import type { onnx } from "./onnx-proto.js";

/** A constant tensor whose dims and storage length were validated (data not yet decoded). @internal */
export interface CheckedTensor {
  /** Tensor name (the initializer or Constant output name). */
  readonly name: string;
  /** What to call it in messages, e.g. `initializer 'fc.weight'`. */
  readonly label: string;
  readonly dims: readonly number[];
  /** ONNX data type code. */
  readonly dataType: number;
  /** Element count. */
  readonly size: number;
  readonly proto: onnx.ITensorProto;
}

const EXTERNAL = 1;

/** Length of the typed repeated field that holds a tensor of `dataType` when raw_data is empty. */
function typedFieldLength(proto: onnx.ITensorProto, dataType: number): [string, number] {
  switch (dataType) {
    case OnnxDataType.FLOAT:
    case OnnxDataType.COMPLEX64:
      return ["float_data", proto.floatData?.length ?? 0];
    case OnnxDataType.DOUBLE:
    case OnnxDataType.COMPLEX128:
      return ["double_data", proto.doubleData?.length ?? 0];
    case OnnxDataType.INT64:
      return ["int64_data", proto.int64Data?.length ?? 0];
    case OnnxDataType.UINT32:
    case OnnxDataType.UINT64:
      return ["uint64_data", proto.uint64Data?.length ?? 0];
    default:
      return ["int32_data", proto.int32Data?.length ?? 0];
  }
}

/**
 * Validates a constant tensor: embedded data (external data → INVALID_ARGUMENT), sane dims, and
 * a raw_data byte length (or typed-field length) that matches dims × dtype. Cheap: no decoding.
 * @internal
 */
export function checkTensor(proto: onnx.ITensorProto, label: string): CheckedTensor {
  const name = proto.name ?? "";
  if (proto.dataLocation === EXTERNAL || (proto.externalData?.length ?? 0) > 0) {
    throw malformedModel(
      `${label}: weights stored in external data files are not supported; embed them in the model ` +
        "(onnx.save_model(..., save_as_external_data=False))",
    );
  }
  const dims = tensorDims(proto.dims, label);
  const size = elementCount(dims);
  const dataType = proto.dataType ?? 0;
  const raw = proto.rawData;
  const complex = dataType === OnnxDataType.COMPLEX64 || dataType === OnnxDataType.COMPLEX128 ? 2 : 1;
  const bytes = dataTypeByteSize(dataType);
  // Types we cannot size (STRING, sub-byte and 8-bit float types) are left to the decoder, which
  // rejects them only if a layer or shape rule needs their values.
  if (bytes === undefined) return { name, label, dims, dataType, size, proto };
  if (raw && raw.byteLength > 0) {
    if (raw.byteLength !== size * bytes) {
      throw malformedModel(
        `${label}: raw_data has ${raw.byteLength} bytes, expected ${size * bytes} ` +
          `(dims [${dims.join(", ")}] × ${bytes}-byte ${dataTypeName(dataType)})`,
      );
    }
  } else {
    const [field, length] = typedFieldLength(proto, dataType);
    if (length !== size * complex) {
      throw malformedModel(
        `${label}: ${field} has ${length} values, expected ${size * complex} (dims [${dims.join(", ")}])`,
      );
    }
  }
  return { name, label, dims, dataType, size, proto };
}
